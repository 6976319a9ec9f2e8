package com.companion.chat.prompt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Card macros: {@code {{char}}} and {@code {{user}}} (any case), and the legacy {@code <BOT>} and
 * {@code <USER>} that older cards use.
 */
public final class Macros {

  private static final Pattern CHAR =
      Pattern.compile("\\{\\{char}}|<BOT>", Pattern.CASE_INSENSITIVE);
  private static final Pattern USER =
      Pattern.compile("\\{\\{user}}|<USER>", Pattern.CASE_INSENSITIVE);

  private Macros() {}

  public static String fill(String text, String characterName, String userName) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String withChar = CHAR.matcher(text).replaceAll(Matcher.quoteReplacement(characterName));
    return USER.matcher(withChar).replaceAll(Matcher.quoteReplacement(userName));
  }
}
