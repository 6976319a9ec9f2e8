package com.companion.safety.scoring;

import com.companion.safety.moderation.Category;
import com.companion.safety.moderation.Hit;
import com.companion.safety.normalize.NormalizedText;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Contact details and identity numbers that young users should not share with strangers. Emails are
 * found in the original text (normalisation would fold the {@code @}); numbers are found in the
 * normalised text, so full-width digits and dashes or dots between digits do not hide them.
 */
final class PersonalDataDetector {

  private static final Pattern EMAIL =
      Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.[\\p{L}]{2,}");
  static final Pattern CN_MOBILE = Pattern.compile("(?<!\\d)1[3-9]\\d(?: ?\\d){8}(?!\\d)");
  static final Pattern PHONE = Pattern.compile("(?<!\\d)\\d(?: ?\\d){9,14}(?!\\d)");
  static final Pattern CN_ID = Pattern.compile("(?<!\\d)\\d{17}[\\dx](?![\\da-z])");
  static final Pattern HANDLE =
      Pattern.compile("(?:微信|vx|wx|qq|wechat|telegram)号?[:： ]?[a-z0-9_-]{5,}");

  /** In the order they are looked for: an id number is not also reported as a phone. */
  static final List<Pattern> NUMBERS_AND_HANDLES = List.of(CN_ID, CN_MOBILE, PHONE, HANDLE);

  /** The fewest ASCII digits any of the number patterns needs (a phone: ten). */
  private static final int FEWEST_DIGITS = 10;

  /** What {@link #HANDLE} must start with. */
  private static final List<String> MESSENGERS =
      List.of("微信", "vx", "wx", "qq", "wechat", "telegram");

  private PersonalDataDetector() {}

  static void find(NormalizedText text, List<Hit> hits) {
    // the email pattern backtracks over every run of letters: only run it when there is an @
    if (text.original().indexOf('@') >= 0) {
      Matcher m = EMAIL.matcher(text.original());
      while (m.find()) {
        hits.add(new Hit(Category.PERSONAL_DATA, "pattern", "email", m.start(), m.end()));
      }
    }
    String s = text.text();
    // each pattern is a scan of the whole text, and a streamed reply is checked whole at every
    // chunk: a pattern runs only where the text holds what any match of it needs
    boolean numbers = mayMatch(PHONE, s); // what every number pattern needs: one count of digits
    boolean handles = mayMatch(HANDLE, s);
    for (Pattern p : NUMBERS_AND_HANDLES) {
      if (!(p == HANDLE ? handles : numbers)) {
        continue;
      }
      Matcher n = p.matcher(s);
      while (n.find()) {
        int[] span = text.originalSpan(n.start(), n.end());
        boolean covered =
            hits.stream()
                .anyMatch(
                    h ->
                        h.category() == Category.PERSONAL_DATA
                            && h.start() <= span[0]
                            && h.end() >= span[1]);
        if (!covered) {
          String kind = p == CN_ID ? "id-number" : p == HANDLE ? "messenger-handle" : "phone";
          hits.add(new Hit(Category.PERSONAL_DATA, "pattern", kind, span[0], span[1]));
        }
      }
    }
  }

  /** False only when {@code p}, one of {@link #NUMBERS_AND_HANDLES}, cannot match {@code s}. */
  static boolean mayMatch(Pattern p, String s) {
    return p == HANDLE
        ? MESSENGERS.stream().anyMatch(s::contains)
        : asciiDigits(s) >= FEWEST_DIGITS;
  }

  private static int asciiDigits(String s) {
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      }
    }
    return digits;
  }
}
