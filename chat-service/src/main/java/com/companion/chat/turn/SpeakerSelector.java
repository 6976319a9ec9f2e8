package com.companion.chat.turn;

import com.companion.chat.conversation.Conversation.Participant;
import com.companion.platform.web.PlatformProblem;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who answers in a group conversation: the character the user picked; else the character named
 * first in the user's text (full name or first name, whole words, any case); else a draw weighted
 * by each card's talkativeness, leaving out whoever spoke last so the floor moves on.
 */
public final class SpeakerSelector {

  private final RandomGenerator random;

  public SpeakerSelector(RandomGenerator random) {
    this.random = random;
  }

  public Participant choose(
      List<Participant> participants, String userText, String requestedId, String lastSpeakerId) {
    if (requestedId != null && !requestedId.isBlank()) {
      return participants.stream()
          .filter(p -> p.characterId().equals(requestedId))
          .findFirst()
          .orElseThrow(
              () ->
                  PlatformProblem.badRequest("speaker_id is not a character of this conversation")
                      .with("field", "speaker_id"));
    }
    if (participants.size() == 1) {
      return participants.getFirst();
    }
    Participant mentioned = firstMentioned(participants, userText);
    if (mentioned != null) {
      return mentioned;
    }
    List<Participant> candidates =
        participants.stream().filter(p -> !p.characterId().equals(lastSpeakerId)).toList();
    if (candidates.isEmpty()) {
      candidates = participants;
    }
    double total = candidates.stream().mapToDouble(Participant::talkativeness).sum();
    if (total <= 0) {
      return candidates.get(random.nextInt(candidates.size()));
    }
    double pick = random.nextDouble() * total;
    for (Participant p : candidates) {
      pick -= p.talkativeness();
      if (pick < 0) {
        return p;
      }
    }
    return candidates.getLast();
  }

  static Participant firstMentioned(List<Participant> participants, String text) {
    if (text == null) {
      return null;
    }
    Participant best = null;
    int bestAt = Integer.MAX_VALUE;
    for (Participant p : participants) {
      int at = mentionAt(p.name(), text);
      if (at >= 0 && at < bestAt) {
        best = p;
        bestAt = at;
      }
    }
    return best;
  }

  private static int mentionAt(String name, String text) {
    if (name == null || name.isBlank()) {
      return -1;
    }
    int at = find(name.trim(), text);
    String first = name.trim().split("\\s+")[0];
    int firstAt = first.length() >= 2 ? find(first, text) : -1;
    if (at < 0) {
      return firstAt;
    }
    return firstAt < 0 ? at : Math.min(at, firstAt);
  }

  private static int find(String word, String text) {
    Matcher m =
        Pattern.compile(
                "(?<![\\p{L}\\p{N}])"
                    + Pattern.quote(word.toLowerCase(Locale.ROOT))
                    + "(?![\\p{L}\\p{N}])")
            .matcher(text.toLowerCase(Locale.ROOT));
    return m.find() ? m.start() : -1;
  }
}
