package com.companion.chat.turn;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * A text field that must be a JSON string. Jackson would turn {@code 123}, {@code true} or {@code
 * 1.5} into text; a message is what the user typed, so anything but a string is a 400.
 */
final class StrictText extends ValueDeserializer<String> {

  @Override
  public String deserialize(JsonParser parser, DeserializationContext context) {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      return parser.getString();
    }
    return (String) context.handleUnexpectedToken(String.class, parser);
  }
}
