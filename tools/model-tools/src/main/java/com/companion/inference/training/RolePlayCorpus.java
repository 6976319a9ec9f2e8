package com.companion.inference.training;

import com.companion.inference.model.ChatTemplate;
import com.companion.inference.model.TextTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Turns a play script ("NAME:" then the lines, blocks separated by blank lines) into persona
 * samples: the system turn names the speaker and who shares the scene, the speeches before are the
 * context (other speakers as user turns, the speaker's own as character turns), and the speaker's
 * next speech is the final character turn.
 */
public final class RolePlayCorpus {

  /** One speech of the script. */
  public record Speech(String speaker, String text) {}

  /** Token ids of a sample, and from which position on the loss counts. */
  public record Sample(long[] tokens, int lossFrom, int targetFrom) {}

  private final List<Speech> speeches;
  private final long[][] asUser;
  private final long[][] asCharacter;
  private final TextTokenizer tokenizer;

  public RolePlayCorpus(List<Speech> speeches, TextTokenizer tokenizer) {
    this.speeches = speeches;
    this.tokenizer = tokenizer;
    asUser = new long[speeches.size()][];
    asCharacter = new long[speeches.size()][];
    // each turn is encoded once: the special markers split the text, so concatenating encoded
    // turns gives exactly the ids of encoding the rendered conversation in one piece
    for (int i = 0; i < speeches.size(); i++) {
      Speech s = speeches.get(i);
      asUser[i] = tokenizer.encode(ChatTemplate.turn("user", s.text(), s.speaker()));
      asCharacter[i] = tokenizer.encode(ChatTemplate.turn("assistant", s.text(), null));
    }
  }

  public static List<Speech> parse(String script) {
    List<Speech> out = new ArrayList<>();
    for (String block : script.replace("\r", "").split("\n\\s*\n")) {
      String trimmed = block.strip();
      int nl = trimmed.indexOf('\n');
      if (nl <= 1 || trimmed.charAt(nl - 1) != ':') {
        continue;
      }
      String speaker = trimmed.substring(0, nl - 1).strip();
      String text = trimmed.substring(nl + 1).strip();
      if (!speaker.isEmpty() && !text.isEmpty() && speaker.length() < 40) {
        out.add(new Speech(speaker, text));
      }
    }
    return out;
  }

  public int size() {
    return speeches.size();
  }

  public List<Speech> speeches() {
    return speeches;
  }

  /** The persona line for a speaker and the others on stage. */
  public static String persona(String speaker, Set<String> others) {
    if (others.isEmpty()) {
      return "You are " + speaker + ", alone on the stage. Speak as " + speaker + " would.";
    }
    return "You are "
        + speaker
        + ". In this scene you speak with "
        + String.join(", ", others)
        + ". Stay in character.";
  }

  /**
   * The sample whose target is speech {@code target}, with up to {@code maxContext} earlier
   * speeches from index {@code floor} on, trimmed from the oldest until it fits {@code maxTokens}.
   */
  public Sample sample(int target, int maxContext, int floor, int maxTokens) {
    String speaker = speeches.get(target).speaker();
    int first = Math.max(floor, target - maxContext);
    while (true) {
      Set<String> others = new LinkedHashSet<>();
      for (int i = first; i < target; i++) {
        if (!speeches.get(i).speaker().equals(speaker)) {
          others.add(speeches.get(i).speaker());
        }
      }
      long[] system = tokenizer.encode(ChatTemplate.turn("system", persona(speaker, others), null));
      int total = system.length + asCharacter[target].length;
      for (int i = first; i < target; i++) {
        total += turnOf(i, speaker).length;
      }
      if (total <= maxTokens || first == target) {
        long[] tokens = new long[Math.min(total, maxTokens)];
        int pos = 0;
        pos = copy(system, tokens, pos);
        int lossFrom = pos;
        for (int i = first; i < target; i++) {
          pos = copy(turnOf(i, speaker), tokens, pos);
        }
        int targetFrom = pos;
        copy(asCharacter[target], tokens, pos);
        return new Sample(tokens, lossFrom, Math.min(targetFrom, tokens.length));
      }
      first++;
    }
  }

  private long[] turnOf(int index, String speaker) {
    return speeches.get(index).speaker().equals(speaker) ? asCharacter[index] : asUser[index];
  }

  private static int copy(long[] src, long[] dst, int pos) {
    int n = Math.min(src.length, dst.length - pos);
    System.arraycopy(src, 0, dst, pos, n);
    return pos + n;
  }

  /**
   * A random sample with a target in {@code [from, to)}, context not reaching below {@code from}.
   */
  public Sample randomSample(Random random, int from, int to, int maxContext, int maxTokens) {
    int target = from + 1 + random.nextInt(to - from - 1);
    int context = 1 + random.nextInt(maxContext);
    return sample(target, context, from, maxTokens);
  }
}
