package com.companion.safety.stream;

import com.companion.safety.lexicon.LexiconMatcher;
import com.companion.safety.moderation.Action;
import com.companion.safety.moderation.Category;
import com.companion.safety.moderation.Hit;
import com.companion.safety.normalize.NormalizedText;
import com.companion.safety.policy.Policy;
import com.companion.safety.policy.PolicyDecision;
import com.companion.safety.policy.PolicyEvaluator;
import com.companion.safety.scoring.ModerationEngine;
import com.companion.safety.scoring.ModerationResult;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Moderates model output while it streams. Every push re-checks all text received so far and
 * releases only text that is checked and cannot change its verdict when more text arrives.
 *
 * <p>The window held back is not a fixed count: it is the shortest tail that could still complete a
 * lexicon term (the longest suffix of the normalised text that is a proper prefix of a term, mapped
 * back to the original chars, plus trailing separators and single letters that the next chunk could
 * glue onto a word: "f." + "uck", "f u" + " c k"). So ordinary text is released at once, a term
 * split across chunks ("傻" + "逼", "fu" + "ck") is caught before any of it is shown, and the
 * hold-back can never exceed {@link #MAX_HOLD_BACK_CHARS}, which bounds the delay to a few tokens.
 * Classifier verdicts cannot be held back (they judge whole sentences); a block from the classifier
 * stops the stream with a replacement message.
 *
 * <p>Not thread-safe: one stream belongs to one generation.
 */
public final class ModerationStream {

  /**
   * Upper bound of the hold-back in original chars: the longest term (about 16 chars normalised)
   * written with a separator after every char, rounded up.
   */
  public static final int MAX_HOLD_BACK_CHARS = 48;

  private final ModerationEngine engine;
  private final PolicyEvaluator evaluator;
  private final Policy policy;
  private final Function<Boolean, String> replacementFor;
  private final StringBuilder received = new StringBuilder();
  // every check scores all the text so far: the windows that did not change keep their scores
  private final ModerationEngine.WindowScores windows = new ModerationEngine.WindowScores();
  private int released;
  private boolean stopped;
  private boolean closed;

  /**
   * @param replacementFor the message shown when the stream stops; its argument tells whether the
   *     stop was about self-harm (answer with support, not a bare refusal)
   */
  public ModerationStream(
      ModerationEngine engine,
      PolicyEvaluator evaluator,
      Policy policy,
      Function<Boolean, String> replacementFor) {
    this.engine = engine;
    this.evaluator = evaluator;
    this.policy = policy;
    this.replacementFor = replacementFor;
  }

  /**
   * Continues a stream whose state was kept elsewhere (the HTTP sessions keep it in Redis so any
   * replica can take the next chunk).
   */
  public static ModerationStream resume(
      ModerationEngine engine,
      PolicyEvaluator evaluator,
      Policy policy,
      Function<Boolean, String> replacementFor,
      String received,
      int released,
      boolean stopped) {
    ModerationStream s = new ModerationStream(engine, evaluator, policy, replacementFor);
    s.received.append(received);
    s.released = Math.min(released, received.length());
    s.stopped = stopped;
    return s;
  }

  public boolean isStopped() {
    return stopped;
  }

  public String receivedText() {
    return received.toString();
  }

  public int releasedLength() {
    return released;
  }

  public StreamVerdict push(String chunk) {
    if (closed || stopped) {
      throw new IllegalStateException("stream is " + (stopped ? "stopped" : "closed"));
    }
    received.append(chunk);
    return check(false);
  }

  /** Ends the stream: everything left is checked and released unless it must be blocked. */
  public StreamVerdict close() {
    if (closed || stopped) {
      closed = true;
      return new StreamVerdict("", Action.ALLOW, Set.of(), stopped, null, 0);
    }
    closed = true;
    return check(true);
  }

  private StreamVerdict check(boolean last) {
    String text = received.toString();
    ModerationResult result = engine.moderate(text, windows);
    PolicyDecision decision = evaluator.decide(text, result, policy);
    if (decision.action() == Action.BLOCK || redactsReleasedText(result, decision)) {
      stopped = true;
      return new StreamVerdict(
          "",
          Action.BLOCK,
          decision.triggered(),
          true,
          replacementFor.apply(decision.selfHarm()),
          text.length() - released);
    }
    int releasable = last ? text.length() : releasableEnd(result.normalized(), text);
    String source = decision.redactedText();
    // the redacted text has the same length except where a masked surrogate pair collapsed
    if (source.length() != text.length()) {
      source = text;
    }
    String out = releasable > released ? source.substring(released, releasable) : "";
    released = Math.max(released, releasable);
    Set<Category> categories =
        decision.triggered().isEmpty() ? Set.of() : EnumSet.copyOf(decision.triggered());
    return new StreamVerdict(
        out, decision.action(), categories, false, null, text.length() - released);
  }

  /** A redaction that would have to mask text already shown cannot be honoured: stop instead. */
  private boolean redactsReleasedText(ModerationResult result, PolicyDecision decision) {
    if (decision.action() != Action.REDACT) {
      return false;
    }
    for (Hit h : result.hits()) {
      // a hit wholly inside released text was masked when it was released
      if (decision.triggered().contains(h.category())
          && h.start() < released
          && h.end() > released) {
        return true;
      }
    }
    return false;
  }

  /** The end (exclusive, original offsets) of the text that no further chunk can change. */
  private int releasableEnd(NormalizedText normalized, String text) {
    String n = normalized.text();
    int stableNormalized = n.length();
    // trailing separators, spaces and single letters may still glue onto the next chunk
    int i = n.length();
    while (i > 0 && !Character.isLetterOrDigit(n.charAt(i - 1))) {
      i--;
    }
    int pendingFrom = i;
    // a trailing single Latin letter ("f u") or a trailing run of one repeated char ("fuu")
    if (i > 0 && isLatin(n.charAt(i - 1)) && (i == 1 || n.charAt(i - 2) == ' ')) {
      pendingFrom = i - 1;
      while (pendingFrom >= 2
          && n.charAt(pendingFrom - 1) == ' '
          && isLatin(n.charAt(pendingFrom - 2))
          && (pendingFrom - 2 == 0 || n.charAt(pendingFrom - 3) == ' ')) {
        pendingFrom -= 2;
      }
    }
    String core = collapseTrailingRepeat(n.substring(0, i));
    LexiconMatcher matcher = engine.lexicon();
    int pending = matcher.pendingPrefixLength(core);
    int squashed = i - core.length();
    pendingFrom = Math.min(pendingFrom, i - pending - squashed);
    // a trailing Latin word with digits, symbols or letters of other scripts is complete only once
    // a separator follows it (leetspeak and look-alikes are decided per word; the separator may
    // have been dropped by normalisation). A word of plain ASCII letters reads the same whatever
    // follows it, and a term that could start with it is held above, so it goes out at once: a
    // reply's first word does not wait for the model's next token
    boolean separatorFollows =
        i < n.length()
            || (n.length() > 0 && normalized.originalEnd(n.length() - 1) < text.length());
    if (pendingFrom == i && !separatorFollows) {
      int w = pendingFrom;
      while (w > 0 && isLatinWordChar(n.charAt(w - 1)) && w > i - 24) {
        w--;
      }
      if (w < i
          && !isPlainAsciiWord(text, normalized.originalStart(w), normalized.originalEnd(i - 1))) {
        pendingFrom = w;
      }
    }
    stableNormalized = Math.max(0, pendingFrom);
    int end;
    if (stableNormalized >= n.length()) {
      // everything normalised is stable; trailing separators wait for the next chunk
      end = n.length() == 0 ? 0 : normalized.originalEnd(n.length() - 1);
    } else {
      end = normalized.originalStart(stableNormalized);
    }
    end = Math.max(end, text.length() - MAX_HOLD_BACK_CHARS);
    return Math.max(released, Math.min(end, text.length()));
  }

  private static String collapseTrailingRepeat(String s) {
    int j = s.length();
    while (j >= 2 && s.charAt(j - 1) == s.charAt(j - 2)) {
      j--;
    }
    return s.substring(0, j);
  }

  private static boolean isLatin(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isPlainAsciiWord(String text, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = text.charAt(k);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    return to > from;
  }

  private static boolean isLatinWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
