package com.companion.safety.moderation;

import java.util.List;

/**
 * What to show instead of a bare block when someone signals self-harm: a caring message and where
 * to find help now.
 */
public record SupportiveReply(String message, List<String> resources) {

  private static final String ZH = "听起来你现在很难受，你并不孤单。如果你有伤害自己的想法，请马上联系你信任的人，或拨打下面的求助热线，那里有人愿意倾听。";
  private static final String EN =
      "It sounds like you are going through something really hard, and you do not have to face"
          + " it alone. If you are thinking about hurting yourself, please reach out to someone"
          + " you trust or contact one of these services now: people there want to listen.";

  public static SupportiveReply forText(String text, List<String> resources) {
    boolean chinese = text.codePoints().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF);
    return new SupportiveReply(chinese ? ZH : EN, resources);
  }

  /** One string, for replacing a stopped stream. */
  public String asText() {
    return message + "\n" + String.join("\n", resources);
  }
}
