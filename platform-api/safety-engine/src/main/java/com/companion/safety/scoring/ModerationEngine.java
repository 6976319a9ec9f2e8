package com.companion.safety.scoring;

import com.companion.safety.classifier.ClassifierScores;
import com.companion.safety.classifier.TextClassifier;
import com.companion.safety.lexicon.LexiconMatcher;
import com.companion.safety.moderation.Category;
import com.companion.safety.moderation.Hit;
import com.companion.safety.normalize.NormalizedText;
import com.companion.safety.normalize.TextNormalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.function.Supplier;

/**
 * Scores a text: normalise once, find lexicon and personal-data hits, run the classifier, and
 * combine them into one score per category. Lexicon hits score their term's weight (and count for
 * the parent category too); the classifier's "offensive or hate" probability feeds {@code
 * offensive} and its hate probability feeds {@code hate}. No policy here: see {@code
 * PolicyEvaluator}.
 */
public final class ModerationEngine {

  /** Long texts are classified in overlapping windows, the worst window counts. */
  private static final int CLASSIFIER_WINDOW_CHARS = 400;

  private static final int CLASSIFIER_STRIDE_CHARS = 300;

  /** Target prior / training prior for (neither, offensive, hate) of English text. */
  private static final double[] ENGLISH_PRIOR_SHIFT = {3.0, 0.5, 1.0};

  /** From this many tokens on, classifier scores count in full. */
  private static final int FULL_EVIDENCE_TOKENS = 4;

  private final Supplier<LexiconMatcher> lexicon;
  private final TextClassifier classifier;

  public ModerationEngine(Supplier<LexiconMatcher> lexicon, TextClassifier classifier) {
    this.lexicon = lexicon;
    this.classifier = classifier;
  }

  public LexiconMatcher lexicon() {
    return lexicon.get();
  }

  public ModerationResult moderate(String text) {
    return moderate(text, new WindowScores());
  }

  /**
   * The same result as {@link #moderate(String)}; {@code windows} keeps the classifier's scores of
   * the text's windows for the next call, which scores only the windows whose text changed (a
   * stream's text grows at its end, so only its last windows change).
   */
  public ModerationResult moderate(String text, WindowScores windows) {
    NormalizedText normalized = TextNormalizer.get().normalize(text);
    LexiconMatcher matcher = lexicon.get();
    List<Hit> hits = new ArrayList<>(matcher.find(normalized));
    FiguresOfSpeech.dropFrom(normalized, hits);
    PersonalDataDetector.find(normalized, hits);
    EnumMap<Category, Double> scores = new EnumMap<>(Category.class);
    for (Category c : Category.values()) {
      scores.put(c, 0.0);
    }
    for (Hit hit : hits) {
      double w = hit.source().equals("lexicon") ? matcher.weightOf(hit) : 0.95;
      raise(scores, hit.category(), w);
      if (hit.category().parent() != null) {
        raise(scores, hit.category().parent(), w);
      }
    }
    ClassifierScores cs = calibrate(classify(text, normalized, windows), normalized.text());
    raise(scores, Category.OFFENSIVE, cs.abusive());
    raise(scores, Category.HATE, cs.hate());
    return new ModerationResult(normalized, scores, List.copyOf(hits), cs);
  }

  /**
   * Turns the classifier's training-set probabilities into chat-traffic scores. The English
   * training tweets are 77% offensive, so the raw model leans towards "offensive" for any short
   * English text; a label-shift correction (multiply by target prior / training prior, renormalise)
   * moves English to a balanced prior. Texts of a few tokens carry little evidence, so their scores
   * are damped towards zero in proportion to their length; lexicon hits are unaffected.
   */
  static ClassifierScores calibrate(ClassifierScores raw, String canonical) {
    boolean chinese = false;
    for (int i = 0; i < canonical.length() && !chinese; i++) {
      chinese = canonical.charAt(i) >= 0x2E80;
    }
    double n = raw.neither();
    double o = raw.offensive();
    double h = raw.hate();
    if (!chinese) {
      n *= ENGLISH_PRIOR_SHIFT[0];
      o *= ENGLISH_PRIOR_SHIFT[1];
      h *= ENGLISH_PRIOR_SHIFT[2];
      double sum = n + o + h;
      n /= sum;
      o /= sum;
      h /= sum;
    }
    int tokens = tokens(canonical);
    if (tokens < FULL_EVIDENCE_TOKENS) {
      double f = (double) tokens / FULL_EVIDENCE_TOKENS;
      o *= f;
      h *= f;
      n = 1 - o - h;
    }
    return new ClassifierScores(n, o, h);
  }

  /** Latin words and CJK characters. */
  private static int tokens(String canonical) {
    int t = 0;
    boolean inWord = false;
    for (int i = 0; i < canonical.length(); i++) {
      char c = canonical.charAt(i);
      if (c >= 0x2E80 && Character.isLetter(c)) {
        t++;
        inWord = false;
      } else if (Character.isLetterOrDigit(c)) {
        if (!inWord) {
          t++;
        }
        inWord = true;
      } else {
        inWord = false;
      }
    }
    return t;
  }

  private ClassifierScores classify(String raw, NormalizedText normalized, WindowScores windows) {
    String stripped = TextClassifier.stripNoise(raw);
    String canonical =
        stripped.equals(raw) ? normalized.text() : TextNormalizer.get().canonical(stripped);
    if (canonical.length() <= CLASSIFIER_WINDOW_CHARS) {
      return classifier.scoreCanonical(canonical);
    }
    ClassifierScores worst = null;
    for (int from = 0, window = 0; from < canonical.length(); from += CLASSIFIER_STRIDE_CHARS) {
      int to = Math.min(canonical.length(), from + CLASSIFIER_WINDOW_CHARS);
      String text = canonical.substring(from, to);
      ClassifierScores s = windows.score(window++, text, classifier);
      if (worst == null || s.abusive() > worst.abusive()) {
        worst = s;
      }
      if (to == canonical.length()) {
        break;
      }
    }
    return worst;
  }

  /**
   * The classifier's scores of one growing text's windows, by position, each with the text it was
   * given: a score is reused only for the very same text, so it is the score the classifier would
   * give. Not thread-safe: one belongs to one stream.
   */
  public static final class WindowScores {
    private final List<String> texts = new ArrayList<>();
    private final List<ClassifierScores> scores = new ArrayList<>();

    ClassifierScores score(int window, String text, TextClassifier classifier) {
      if (window < texts.size() && texts.get(window).equals(text)) {
        return scores.get(window);
      }
      ClassifierScores s = classifier.scoreCanonical(text);
      if (window < texts.size()) {
        texts.set(window, text);
        scores.set(window, s);
      } else {
        texts.add(text);
        scores.add(s);
      }
      return s;
    }
  }

  private static void raise(EnumMap<Category, Double> scores, Category c, double v) {
    if (v > scores.get(c)) {
      scores.put(c, v);
    }
  }
}
