package com.companion.analytics.intake;

import com.companion.contracts.events.AccountDeleted;
import com.companion.contracts.events.ChatEvents;
import com.companion.contracts.events.ClientEvent;
import com.companion.contracts.events.ModelRequestUsage;
import com.companion.contracts.events.Topics;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the CloudEvents JSON of the platform topics into {@link Fact}s. An event that does not
 * parse, or lacks a field its figures need, is {@link Parsed.Rejected} with a short reason that
 * names the field; the stream never stops for it.
 */
public final class EventParser {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public Parsed parse(String topic, String value) {
    if (value == null || value.isBlank()) {
      return new Parsed.Rejected("empty record");
    }
    JsonNode event;
    try {
      event = JSON.readTree(value);
    } catch (JacksonException e) {
      return new Parsed.Rejected("not JSON: " + firstLine(e.getOriginalMessage()));
    }
    if (!event.isObject()) {
      return new Parsed.Rejected("not a JSON object");
    }
    String id = text(event, "id");
    String type = text(event, "type");
    String product = text(event, "product");
    if (id == null) {
      return missing("id");
    }
    if (type == null) {
      return missing("type");
    }
    if (product == null) {
      return missing("product");
    }
    Long time = instant(text(event, "time"));
    if (time == null) {
      return new Parsed.Rejected("missing or invalid field: time");
    }
    JsonNode data = event.get("data");
    if (data == null || !data.isObject()) {
      return missing("data");
    }
    Event e = new Event(id, type, product, text(event, "userid"), time, data);
    return switch (topic) {
      case Topics.CHAT_TURN -> chat(e);
      case Topics.CLIENT_EVENT -> client(e);
      case Topics.CHARACTER_LIFECYCLE -> character(e);
      case Topics.SAFETY_DECISION -> safety(e);
      case Topics.MODEL_REQUEST -> modelRequest(e);
      case Topics.ACCOUNT_LIFECYCLE -> account(e);
      default -> new Parsed.Ignored(type);
    };
  }

  private record Event(
      String id, String type, String product, String user, long time, JsonNode data) {}

  private static Parsed chat(Event e) {
    return switch (e.type) {
      case ChatEvents.TURN_COMPLETED -> {
        String conversation = text(e.data, "conversation_id");
        String kind = text(e.data, "kind");
        if (e.user == null) {
          yield missing("userid");
        }
        if (conversation == null) {
          yield missing("data.conversation_id");
        }
        if (kind == null) {
          yield missing("data.kind");
        }
        yield accept(
            new Fact(
                e.id,
                FactKind.TURN,
                e.product,
                e.user,
                e.time,
                conversation,
                text(e.data, "message_id"),
                text(e.data, "character_id"),
                kind,
                text(e.data, "model_version"),
                null,
                number(e.data, "ttft_ms"),
                text(e.data, "finish_reason"),
                text(e.data, "safety_outcome"),
                null,
                null));
      }
      case ChatEvents.REPLY_RATED -> {
        String conversation = text(e.data, "conversation_id");
        String message = text(e.data, "message_id");
        Long stars = number(e.data, "stars");
        if (e.user == null) {
          yield missing("userid");
        }
        if (conversation == null) {
          yield missing("data.conversation_id");
        }
        if (message == null) {
          yield missing("data.message_id");
        }
        if (stars == null || stars < 1 || stars > 4) {
          yield new Parsed.Rejected("missing or invalid field: data.stars");
        }
        yield accept(
            new Fact(
                e.id,
                FactKind.RATING,
                e.product,
                e.user,
                e.time,
                conversation,
                message,
                text(e.data, "character_id"),
                null,
                null,
                null,
                null,
                null,
                null,
                stars.intValue(),
                null));
      }
      default -> new Parsed.Ignored(e.type);
    };
  }

  private static Parsed client(Event e) {
    if (!ClientEvent.TYPE.equals(e.type)) {
      return new Parsed.Ignored(e.type);
    }
    String name = text(e.data, "name");
    if (e.user == null) {
      return missing("userid");
    }
    if (name == null) {
      return missing("data.name");
    }
    // the device's clock says when it happened; the edge already refused times too far off
    Long clientTime = instant(text(e.data, "client_time"));
    String clientEventId = text(e.data, "client_event_id");
    String dedupId = clientEventId == null ? e.id : "client:" + e.user + ":" + clientEventId;
    JsonNode properties = e.data.get("properties");
    return accept(
        new Fact(
            dedupId,
            FactKind.CLIENT,
            e.product,
            e.user,
            clientTime == null ? e.time : clientTime,
            null,
            null,
            properties == null ? null : text(properties, "character_id"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            name.toLowerCase(Locale.ROOT).replace('.', '_')));
  }

  private static Parsed character(Event e) {
    if (!e.type.startsWith("character.")) {
      return new Parsed.Ignored(e.type);
    }
    String action = text(e.data, "action");
    String character = text(e.data, "character_id");
    if (character == null) {
      return missing("data.character_id");
    }
    if (action == null) {
      // character.review_requested and future types without an action
      return new Parsed.Ignored(e.type);
    }
    return accept(
        new Fact(
            e.id,
            FactKind.CHARACTER,
            e.product,
            e.user,
            e.time,
            null,
            null,
            character,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            action));
  }

  private static Parsed safety(Event e) {
    String decision = text(e.data, "decision");
    if (decision == null) {
      return missing("data.decision");
    }
    return accept(
        new Fact(
            e.id,
            FactKind.SAFETY,
            e.product,
            e.user,
            e.time,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            decision));
  }

  /**
   * An account deletion, reduced to the pseudonym the per-user state is keyed by. The event also
   * carries the raw account id (for the services that store it); that never enters the stream's own
   * topics or stores.
   */
  private static Parsed account(Event e) {
    if (!AccountDeleted.TYPE.equals(e.type)) {
      return new Parsed.Ignored(e.type);
    }
    String pseudonym = text(e.data, "pseudonym");
    if (pseudonym == null) {
      pseudonym = e.user;
    }
    if (pseudonym == null) {
      // nothing is kept here under anything but the pseudonym
      return new Parsed.Ignored(e.type);
    }
    return accept(
        new Fact(
            e.id,
            FactKind.ACCOUNT_DELETED,
            e.product,
            pseudonym,
            e.time,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null));
  }

  private static Parsed modelRequest(Event e) {
    if (!ModelRequestUsage.TYPE.equals(e.type)) {
      return new Parsed.Ignored(e.type);
    }
    String alias = text(e.data, "alias");
    if (alias == null) {
      return missing("data.alias");
    }
    return accept(
        new Fact(
            e.id,
            FactKind.MODEL_REQUEST,
            e.product,
            e.user,
            e.time,
            null,
            null,
            null,
            null,
            text(e.data, "version"),
            alias,
            number(e.data, "ttft_ms"),
            text(e.data, "status"),
            null,
            null,
            null));
  }

  private static Parsed accept(Fact fact) {
    return new Parsed.Accepted(fact);
  }

  private static Parsed missing(String field) {
    return new Parsed.Rejected("missing field: " + field);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || !value.isValueNode()) {
      return null;
    }
    String text = value.asString();
    return text == null || text.isBlank() ? null : text;
  }

  private static Long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isIntegralNumber() ? value.asLong() : null;
  }

  private static Long instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      // a writer configured for numeric dates: epoch seconds with a fraction
      try {
        return new java.math.BigDecimal(text).movePointRight(3).longValue();
      } catch (NumberFormatException notNumeric) {
        return null;
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
