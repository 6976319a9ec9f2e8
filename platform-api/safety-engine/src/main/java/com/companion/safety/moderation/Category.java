package com.companion.safety.moderation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The moderation categories, named as on the wire (OpenAI's names plus two of ours). */
public enum Category {
  SEXUAL("sexual", null),
  SEXUAL_MINORS("sexual/minors", SEXUAL),
  HARASSMENT("harassment", null),
  HARASSMENT_THREATENING("harassment/threatening", HARASSMENT),
  HATE("hate", null),
  HATE_THREATENING("hate/threatening", HATE),
  SELF_HARM("self-harm", null),
  SELF_HARM_INTENT("self-harm/intent", SELF_HARM),
  SELF_HARM_INSTRUCTIONS("self-harm/instructions", SELF_HARM),
  VIOLENCE("violence", null),
  VIOLENCE_GRAPHIC("violence/graphic", VIOLENCE),
  ILLICIT("illicit", null),
  OFFENSIVE("offensive", null),
  PERSONAL_DATA("personal-data", null);

  private final String wireName;
  private final Category parent;

  Category(String wireName, Category parent) {
    this.wireName = wireName;
    this.parent = parent;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The broader category a hit also counts towards (sexual/minors is also sexual). */
  public Category parent() {
    return parent;
  }

  public boolean isSelfHarm() {
    return this == SELF_HARM || parent == SELF_HARM;
  }

  @JsonCreator
  public static Category fromWire(String name) {
    return Arrays.stream(values())
        .filter(c -> c.wireName.equals(name) || c.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown category: " + name));
  }
}
