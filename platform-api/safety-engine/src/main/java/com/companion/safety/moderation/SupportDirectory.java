package com.companion.safety.moderation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The support texts and help lines per product and language. A product's own setting wins, then the
 * setting for every product ({@code *}), then the built-in text; a field left empty in a setting is
 * taken from the next level, so a product can change only its help lines.
 */
public final class SupportDirectory {

  public static final String ANY_PRODUCT = "*";

  private static final Map<String, SupportText> BUILT_IN =
      Map.of(
          "zh",
          new SupportText(
              "听起来你现在很难受，你并不孤单。如果你有伤害自己的想法，请马上联系你信任的人，或拨打下面的求助热线，那里有人愿意倾听。",
              "我想先停下故事，认真问问你：你刚才说的话让我很在意。你现在还好吗？你的感受很重要，愿意和我说说发生了什么吗？"
                  + "如果你有伤害自己的念头，请告诉身边信任的人，或者拨打下面的求助热线。",
              List.of(
                  "希望24热线 400-161-9995（24小时）",
                  "北京心理危机研究与干预中心 010-82951332",
                  "如有生命危险，请立即拨打 120 或 110")),
          "en",
          new SupportText(
              "It sounds like you are going through something really hard, and you do not have to"
                  + " face it alone. If you are thinking about hurting yourself, please reach out"
                  + " to someone you trust or contact one of these services now: people there want"
                  + " to listen.",
              "I want to step out of our story for a moment, because what you just said matters"
                  + " to me. How are you doing right now, really? You don't have to carry this"
                  + " alone. If you are thinking about hurting yourself, please talk to someone you"
                  + " trust or reach out to one of the help lines below.",
              List.of(
                  "US: call or text 988 (Suicide & Crisis Lifeline)",
                  "UK & Ireland: Samaritans 116 123",
                  "Anywhere: https://findahelpline.com",
                  "In immediate danger: call your local emergency number")));

  private final Map<String, Map<String, SupportText>> configured;

  public SupportDirectory(Map<String, Map<String, SupportText>> configured) {
    Map<String, Map<String, SupportText>> copy = new HashMap<>();
    if (configured != null) {
      configured.forEach((product, byLocale) -> copy.put(product, Map.copyOf(byLocale)));
    }
    this.configured = Map.copyOf(copy);
  }

  /** Support for a product, in the language of {@code text}. */
  public SupportiveReply forText(String product, String text) {
    return forLocale(product, localeOf(text));
  }

  public SupportiveReply forLocale(String product, String locale) {
    String lang = BUILT_IN.containsKey(locale) ? locale : "en";
    SupportText builtIn = BUILT_IN.get(lang);
    SupportText any = setting(ANY_PRODUCT, lang);
    SupportText own = product == null ? null : setting(product, lang);
    return new SupportiveReply(
        lang,
        pick(own == null ? null : own.text(), any == null ? null : any.text(), builtIn.text()),
        pick(
            own == null ? null : own.checkIn(),
            any == null ? null : any.checkIn(),
            builtIn.checkIn()),
        pickList(
            own == null ? null : own.resources(),
            any == null ? null : any.resources(),
            builtIn.resources()));
  }

  /** {@code zh} when the text has Chinese characters, otherwise {@code en}. */
  public static String localeOf(String text) {
    return text != null && text.codePoints().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF)
        ? "zh"
        : "en";
  }

  private SupportText setting(String product, String locale) {
    Map<String, SupportText> byLocale = configured.get(product);
    return byLocale == null ? null : byLocale.get(locale);
  }

  private static String pick(String... candidates) {
    for (String c : candidates) {
      if (c != null && !c.isBlank()) {
        return c;
      }
    }
    return "";
  }

  @SafeVarargs
  private static List<String> pickList(List<String>... candidates) {
    for (List<String> c : candidates) {
      if (c != null && !c.isEmpty()) {
        return c;
      }
    }
    return List.of();
  }
}
