package com.companion.character.card;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns JSON into a {@link CharacterCard}.
 *
 * <p>Two modes. {@link Mode#TOLERANT} reads card files found in the wild: V1 cards with the fields
 * flat at the top level (and their older TavernAI/Pygmalion names), V2/V3 cards with fields
 * missing, numbers written as strings, tags as one comma-separated string, SillyTavern world-info
 * entries. It coerces what it can and drops what it cannot use; vendor fields outside {@code
 * extensions} are dropped. {@link Mode#STRICT} reads our own API bodies: a field of the wrong type
 * is a 400 naming the field. Both refuse text that is not valid Unicode.
 */
public final class CardReader {

  public enum Mode {
    STRICT,
    TOLERANT
  }

  public static final String UNNAMED = "Unnamed character";

  private static final Map<String, String> V1_ALIASES =
      Map.of(
          "name", "char_name",
          "personality", "char_persona",
          "scenario", "world_scenario",
          "first_mes", "char_greeting",
          "mes_example", "example_dialogue");

  private final Mode mode;

  private CardReader(Mode mode) {
    this.mode = mode;
  }

  /** Reads a card file (V1, V2 or V3) as found in the wild. */
  public static CharacterCard readCardFile(ObjectNode root) {
    JsonNode data = root.get("data");
    ObjectNode fields;
    if (data != null && data.isObject()) {
      // a shallow copy is enough: only top-level fields are filled in, values are never changed
      fields = JsonNodeFactory.instance.objectNode();
      fields.setAll((ObjectNode) data);
      // V2 writers also repeat the V1 fields at the top level; use them where data lacks one.
      for (String v1 :
          List.of("name", "description", "personality", "scenario", "first_mes", "mes_example")) {
        if (isAbsent(fields.get(v1)) && root.has(v1) && root.get(v1).isString()) {
          fields.set(v1, root.get(v1));
        }
      }
    } else {
      fields = JsonNodeFactory.instance.objectNode();
      fields.setAll(root);
    }
    V1_ALIASES.forEach(
        (field, alias) -> {
          if (isAbsent(fields.get(field)) && fields.has(alias)) {
            fields.set(field, fields.get(alias));
          }
        });
    return new CardReader(Mode.TOLERANT).card(fields, "");
  }

  /** Reads the card fields of an API request body; types must be right. */
  public static CharacterCard readRequestFields(ObjectNode body) {
    return new CardReader(Mode.STRICT).card(body, "");
  }

  /** Reads a card this service stored itself. */
  public static CharacterCard readStored(String json) {
    return new CardReader(Mode.STRICT)
        .card(CardJson.parseObject(json.getBytes(StandardCharsets.UTF_8)), "");
  }

  private CharacterCard card(ObjectNode node, String prefix) {
    String name = name(node.get("name"), prefix + "name");
    if (name.isEmpty()) {
      if (mode == Mode.STRICT) {
        throw CardProblems.invalidField(prefix + "name", "is required");
      }
      String nickname = name(node.get("nickname"), prefix + "nickname");
      name = nickname.isEmpty() ? UNNAMED : nickname;
    }
    return new CharacterCard(
        name,
        name(node.get("nickname"), prefix + "nickname"),
        text(node.get("description"), prefix + "description"),
        text(node.get("personality"), prefix + "personality"),
        text(node.get("scenario"), prefix + "scenario"),
        text(node.get("first_mes"), prefix + "first_mes"),
        text(node.get("mes_example"), prefix + "mes_example"),
        text(node.get("creator_notes"), prefix + "creator_notes"),
        textMap(node.get("creator_notes_multilingual"), prefix + "creator_notes_multilingual"),
        text(node.get("system_prompt"), prefix + "system_prompt"),
        text(node.get("post_history_instructions"), prefix + "post_history_instructions"),
        textList(node.get("alternate_greetings"), prefix + "alternate_greetings", false),
        textList(node.get("group_only_greetings"), prefix + "group_only_greetings", false),
        tags(node.get("tags"), prefix + "tags"),
        name(node.get("creator"), prefix + "creator"),
        name(node.get("character_version"), prefix + "character_version"),
        textList(node.get("source"), prefix + "source", false),
        assets(node.get("assets"), prefix + "assets"),
        extensions(node.get("extensions"), prefix + "extensions"),
        book(node.get("character_book"), prefix + "character_book"));
  }

  private CharacterBook book(JsonNode node, String path) {
    if (isAbsent(node)) {
      return null;
    }
    if (!node.isObject()) {
      if (mode == Mode.STRICT) {
        throw CardProblems.invalidField(path, "must be an object or null");
      }
      return null;
    }
    JsonNode entriesNode = node.get("entries");
    List<JsonNode> entryNodes = new ArrayList<>();
    if (entriesNode != null && entriesNode.isArray()) {
      entriesNode.values().forEach(entryNodes::add);
    } else if (entriesNode != null && entriesNode.isObject() && mode == Mode.TOLERANT) {
      // SillyTavern world info keeps entries as an object keyed by uid.
      entriesNode.values().forEach(entryNodes::add);
    } else if (!isAbsent(entriesNode) && mode == Mode.STRICT) {
      throw CardProblems.invalidField(path + ".entries", "must be an array");
    }
    List<BookEntry> entries = new ArrayList<>();
    for (int i = 0; i < entryNodes.size(); i++) {
      JsonNode entry = entryNodes.get(i);
      String entryPath = path + ".entries[" + i + "]";
      if (!entry.isObject()) {
        if (mode == Mode.STRICT) {
          throw CardProblems.invalidField(entryPath, "must be an object");
        }
        continue;
      }
      entries.add(entry((ObjectNode) entry, entryPath));
    }
    return new CharacterBook(
        name(node.get("name"), path + ".name"),
        text(node.get("description"), path + ".description"),
        integer(node.get("scan_depth"), path + ".scan_depth", null),
        integer(node.get("token_budget"), path + ".token_budget", null),
        bool(node.get("recursive_scanning"), path + ".recursive_scanning", null),
        extensions(node.get("extensions"), path + ".extensions"),
        entries);
  }

  private BookEntry entry(ObjectNode node, String path) {
    JsonNode keys = node.has("keys") || mode == Mode.STRICT ? node.get("keys") : node.get("key");
    JsonNode secondary =
        node.has("secondary_keys") || mode == Mode.STRICT
            ? node.get("secondary_keys")
            : node.get("keysecondary");
    JsonNode order =
        node.has("insertion_order") || mode == Mode.STRICT
            ? node.get("insertion_order")
            : node.get("order");
    Boolean enabled = bool(node.get("enabled"), path + ".enabled", null);
    if (enabled == null && mode == Mode.TOLERANT) {
      Boolean disabled = bool(node.get("disable"), path + ".disable", null);
      enabled = disabled == null ? null : !disabled;
    }
    return new BookEntry(
        textList(keys, path + ".keys", true),
        textList(secondary, path + ".secondary_keys", true),
        text(node.get("content"), path + ".content"),
        bool(node.get("selective"), path + ".selective", false),
        bool(node.get("constant"), path + ".constant", false),
        integer(order, path + ".insertion_order", 100),
        integer(node.get("priority"), path + ".priority", null),
        position(node.get("position"), path + ".position"),
        bool(node.get("case_sensitive"), path + ".case_sensitive", false),
        bool(node.get("use_regex"), path + ".use_regex", false),
        enabled == null ? true : enabled,
        text(node.get("comment"), path + ".comment"),
        entryId(node.get("id"), path + ".id"),
        optionalName(node.get("name"), path + ".name"),
        extensions(node.get("extensions"), path + ".extensions"));
  }

  private String position(JsonNode node, String path) {
    if (isAbsent(node)) {
      return BookEntry.BEFORE_CHAR;
    }
    if (node.isString()
        && (BookEntry.BEFORE_CHAR.equals(node.stringValue())
            || BookEntry.AFTER_CHAR.equals(node.stringValue()))) {
      return node.stringValue();
    }
    if (mode == Mode.STRICT) {
      throw CardProblems.invalidField(path, "must be before_char or after_char");
    }
    // Some tools write 0/1 for before/after; anything else falls back to the spec default.
    return node.isNumber() && node.asInt() == 1 ? BookEntry.AFTER_CHAR : BookEntry.BEFORE_CHAR;
  }

  private JsonNode entryId(JsonNode node, String path) {
    if (isAbsent(node)) {
      return null;
    }
    if (node.isIntegralNumber() || node.isString()) {
      if (node.isString()) {
        checkUnicode(node.stringValue(), path);
      }
      return node.deepCopy();
    }
    if (mode == Mode.STRICT) {
      throw CardProblems.invalidField(path, "must be a number or a string");
    }
    return null;
  }

  private List<CharacterCard.CardAsset> assets(JsonNode node, String path) {
    List<CharacterCard.CardAsset> assets = new ArrayList<>();
    if (isAbsent(node)) {
      return assets;
    }
    if (!node.isArray()) {
      if (mode == Mode.STRICT) {
        throw CardProblems.invalidField(path, "must be an array");
      }
      return assets;
    }
    int i = 0;
    for (JsonNode asset : node.values()) {
      String assetPath = path + "[" + i++ + "]";
      if (!asset.isObject()) {
        if (mode == Mode.STRICT) {
          throw CardProblems.invalidField(assetPath, "must be an object");
        }
        continue;
      }
      assets.add(
          new CharacterCard.CardAsset(
              text(asset.get("type"), assetPath + ".type"),
              text(asset.get("uri"), assetPath + ".uri"),
              text(asset.get("name"), assetPath + ".name"),
              text(asset.get("ext"), assetPath + ".ext")));
    }
    return assets;
  }

  private Map<String, String> textMap(JsonNode node, String path) {
    Map<String, String> map = new LinkedHashMap<>();
    if (isAbsent(node)) {
      return map;
    }
    if (!node.isObject()) {
      if (mode == Mode.STRICT) {
        throw CardProblems.invalidField(path, "must be an object of strings");
      }
      return map;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      checkUnicode(entry.getKey(), path);
      map.put(entry.getKey(), text(entry.getValue(), path + "." + entry.getKey()));
    }
    return map;
  }

  private ObjectNode extensions(JsonNode node, String path) {
    if (isAbsent(node)) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      if (mode == Mode.STRICT) {
        throw CardProblems.invalidField(path, "must be an object");
      }
      return JsonNodeFactory.instance.objectNode();
    }
    checkUnicodeDeep(node, path);
    return ((ObjectNode) node).deepCopy();
  }

  private List<String> tags(JsonNode node, String path) {
    List<String> raw;
    if (node != null && node.isString() && mode == Mode.TOLERANT) {
      raw = List.of(node.stringValue().split(","));
    } else {
      raw = textList(node, path, false);
    }
    List<String> tags = new ArrayList<>();
    for (String tag : raw) {
      if (mode == Mode.STRICT && !singleLine(tag).equals(tag)) {
        throw CardProblems.invalidField(path, "a tag must not contain control characters");
      }
      String clean = singleLine(tag).strip();
      if (clean.isEmpty()) {
        continue;
      }
      if (!tags.contains(clean)) {
        tags.add(clean);
      }
    }
    return tags;
  }

  private List<String> textList(JsonNode node, String path, boolean commaSeparated) {
    List<String> list = new ArrayList<>();
    if (isAbsent(node)) {
      return list;
    }
    if (node.isArray()) {
      int i = 0;
      for (JsonNode element : node.values()) {
        String elementPath = path + "[" + i++ + "]";
        if (element.isString()) {
          list.add(text(element, elementPath));
        } else if (mode == Mode.STRICT) {
          throw CardProblems.invalidField(elementPath, "must be a string");
        } else if (element.isNumber() || element.isBoolean()) {
          list.add(element.asString());
        }
      }
      return list;
    }
    if (mode == Mode.STRICT) {
      throw CardProblems.invalidField(path, "must be an array of strings");
    }
    if (node.isString() && !node.stringValue().isBlank()) {
      String value = text(node, path);
      if (commaSeparated) {
        for (String part : value.split(",")) {
          if (!part.isBlank()) {
            list.add(part.strip());
          }
        }
      } else {
        list.add(value);
      }
    }
    return list;
  }

  private String text(JsonNode node, String path) {
    if (isAbsent(node)) {
      return "";
    }
    String value;
    if (node.isString()) {
      value = node.stringValue();
    } else if (mode == Mode.TOLERANT && (node.isNumber() || node.isBoolean())) {
      value = node.asString();
    } else if (mode == Mode.TOLERANT) {
      return "";
    } else {
      throw CardProblems.invalidField(path, "must be a string");
    }
    checkUnicode(value, path);
    if (value.indexOf('\0') >= 0) {
      if (mode == Mode.STRICT) {
        throw CardProblems.invalidField(path, "must not contain U+0000");
      }
      value = value.replace("\0", "");
    }
    return value;
  }

  /** A one-line label: names keep markup as plain text, but never line breaks or controls. */
  private String name(JsonNode node, String path) {
    String value = text(node, path);
    String clean = singleLine(value).strip();
    if (mode == Mode.STRICT && !clean.equals(value.strip())) {
      throw CardProblems.invalidField(path, "must not contain line breaks or control characters");
    }
    return clean;
  }

  private String optionalName(JsonNode node, String path) {
    return isAbsent(node) ? null : name(node, path);
  }

  private Integer integer(JsonNode node, String path, Integer fallback) {
    if (isAbsent(node)) {
      return fallback;
    }
    BigDecimal value = null;
    if (node.isNumber()) {
      value = node.decimalValue();
    } else if (node.isString() && mode == Mode.TOLERANT) {
      try {
        value = new BigDecimal(node.stringValue().strip());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
    if (value == null) {
      if (mode == Mode.STRICT) {
        throw CardProblems.invalidField(path, "must be an integer");
      }
      return fallback;
    }
    boolean integral = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    boolean inRange =
        value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
            && value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
    if (mode == Mode.STRICT && (!integral || !inRange)) {
      throw CardProblems.invalidField(path, "must be a 32-bit integer");
    }
    if (!inRange) {
      return value.signum() < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    }
    return value.setScale(0, RoundingMode.HALF_UP).intValueExact();
  }

  private Boolean bool(JsonNode node, String path, Boolean fallback) {
    if (isAbsent(node)) {
      return fallback;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (mode == Mode.STRICT) {
      throw CardProblems.invalidField(path, "must be true or false");
    }
    if (node.isNumber()) {
      return node.asInt() != 0;
    }
    if (node.isString()) {
      String value = node.stringValue().strip();
      if (value.equalsIgnoreCase("true")) {
        return true;
      }
      if (value.equalsIgnoreCase("false")) {
        return false;
      }
    }
    return fallback;
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  private static String singleLine(String value) {
    StringBuilder out = new StringBuilder(value.length());
    value
        .codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                out.append(' ');
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  /** Rejects unpaired surrogates: they cannot be stored or sent as UTF-8. */
  public static void checkUnicode(String value, String path) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
          continue;
        }
        throw CardProblems.invalidText(path + " contains an unpaired surrogate");
      }
      if (Character.isLowSurrogate(c)) {
        throw CardProblems.invalidText(path + " contains an unpaired surrogate");
      }
    }
  }

  private static void checkUnicodeDeep(JsonNode node, String path) {
    if (node.isString()) {
      checkUnicode(node.stringValue(), path);
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        checkUnicode(entry.getKey(), path);
        checkUnicodeDeep(entry.getValue(), path + "." + entry.getKey());
      }
    } else if (node.isArray()) {
      for (JsonNode element : node.values()) {
        checkUnicodeDeep(element, path);
      }
    }
  }
}
