package com.companion.gateway.completion.internal;

import com.companion.gateway.completion.GenerationEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a node's Server-Sent Events straight from the bytes of each network read, for one stream. A
 * token's data is {@code {"text":"...","token_id":N}}; its text is taken from the bytes without
 * building a JSON tree (the common case per token), anything else goes through Jackson. The tokens
 * of one read come back merged into one {@link GenerationEvent.Token}: they were already waiting,
 * so passing them on one by one would only multiply writes and flushes downstream.
 */
final class NodeEventParser {

  private static final byte[] TEXT_PREFIX = "{\"text\":\"".getBytes(StandardCharsets.US_ASCII);

  private final JsonMapper json;
  private byte[] pending = new byte[512];
  private int length;
  private String eventName;
  private StringBuilder data;
  private String pendingToken;

  NodeEventParser(JsonMapper json) {
    this.json = json;
  }

  /** Thrown for an {@code error} event: the node gave up on the generation. */
  static final class NodeErrorEvent extends RuntimeException {
    NodeErrorEvent(String data) {
      super(data);
    }
  }

  /** The complete events in {@code bytes} (plus what earlier reads left unfinished). */
  List<GenerationEvent> feed(byte[] bytes, int offset, int count) {
    ensure(length + count);
    System.arraycopy(bytes, offset, pending, length, count);
    length += count;
    List<GenerationEvent> events = new ArrayList<>(2);
    StringBuilder text = null;
    int tokens = 0;
    int lineStart = 0;
    for (int i = 0; i < length; i++) {
      if (pending[i] != '\n') {
        continue;
      }
      int lineEnd = i > lineStart && pending[i - 1] == '\r' ? i - 1 : i;
      GenerationEvent event = line(lineStart, lineEnd);
      lineStart = i + 1;
      if (event instanceof GenerationEvent.Token token) {
        if (text == null) {
          text = new StringBuilder(token.text());
        } else {
          text.append(token.text());
        }
        tokens++;
      } else if (event != null) {
        if (text != null) {
          events.add(new GenerationEvent.Token(text.toString(), tokens));
          text = null;
          tokens = 0;
        }
        events.add(event);
      }
    }
    if (text != null) {
      events.add(new GenerationEvent.Token(text.toString(), tokens));
    }
    length -= lineStart;
    System.arraycopy(pending, lineStart, pending, 0, length);
    return events;
  }

  /** One line; an empty line ends an event and returns it. */
  private GenerationEvent line(int start, int end) {
    if (start == end) {
      GenerationEvent event =
          pendingToken != null
              ? new GenerationEvent.Token(pendingToken)
              : data == null ? null : dispatch(eventName, data.toString());
      eventName = null;
      data = null;
      pendingToken = null;
      return event;
    }
    if (pending[start] == ':') {
      return null;
    }
    int colon = start;
    while (colon < end && pending[colon] != ':') {
      colon++;
    }
    int valueStart = colon < end ? colon + 1 : end;
    if (valueStart < end && pending[valueStart] == ' ') {
      valueStart++;
    }
    if (is("data", start, colon)) {
      if (data == null && pendingToken == null && "token".equals(eventName)) {
        // the per-token fast path: the text straight from the bytes, no JSON tree
        pendingToken = tokenText(valueStart, end);
        if (pendingToken != null) {
          return null;
        }
      }
      String value = new String(pending, valueStart, end - valueStart, StandardCharsets.UTF_8);
      data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
    } else if (is("event", start, colon)) {
      eventName = new String(pending, valueStart, end - valueStart, StandardCharsets.UTF_8);
    }
    return null;
  }

  private GenerationEvent dispatch(String name, String payload) {
    if (payload.isBlank()) {
      return null;
    }
    if ("error".equals(name)) {
      throw new NodeErrorEvent(payload);
    }
    JsonNode node = json.readTree(payload);
    if ("done".equals(name) || (!node.has("text") && node.has("finish_reason"))) {
      return InferenceClient.done(node);
    }
    if (node.has("text")) {
      return new GenerationEvent.Token(node.get("text").asString());
    }
    return null;
  }

  private boolean is(String field, int start, int end) {
    if (end - start != field.length()) {
      return false;
    }
    for (int i = 0; i < field.length(); i++) {
      if (pending[start + i] != field.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The text of {@code {"text":"...",...}} between start and end, or null if not that shape. */
  private String tokenText(int start, int end) {
    if (end - start < TEXT_PREFIX.length
        || !Arrays.equals(
            pending, start, start + TEXT_PREFIX.length, TEXT_PREFIX, 0, TEXT_PREFIX.length)) {
      return null;
    }
    int from = start + TEXT_PREFIX.length;
    boolean escaped = false;
    for (int i = from; i < end; i++) {
      byte b = pending[i];
      if (b == '\\') {
        escaped = true;
        i++;
      } else if (b == '"') {
        String raw = new String(pending, from, i - from, StandardCharsets.UTF_8);
        return escaped ? unescape(raw) : raw;
      }
    }
    return null;
  }

  private void ensure(int capacity) {
    if (capacity > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(capacity, pending.length * 2));
    }
  }

  /** The characters between the quotes of a JSON string literal, unescaped. */
  static String unescape(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '\\' || i + 1 >= raw.length()) {
        out.append(c);
        continue;
      }
      char next = raw.charAt(++i);
      switch (next) {
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (i + 4 < raw.length()) {
            out.append((char) Integer.parseInt(raw, i + 1, i + 5, 16));
            i += 4;
          }
        }
        default -> out.append(next);
      }
    }
    return out.toString();
  }
}
