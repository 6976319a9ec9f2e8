package com.companion.safety.evaluation;

import com.ibm.icu.text.Transliterator;
import java.util.List;
import java.util.Random;

/**
 * The evasions users try, applied to a text with a seeded random source: what the robustness
 * benchmark feeds the detector. Each kind changes the text visibly for a human reader only a
 * little, which is the point of an evasion.
 */
public enum Obfuscator {
  SPACES {
    @Override
    String apply(String s, Random r) {
      return interleave(s, r, 0.35, rr -> " ");
    }
  },
  SYMBOLS {
    @Override
    String apply(String s, Random r) {
      String[] marks = {"*", ".", "-", "_", "|", "~", "😀", "，"};
      return interleave(s, r, 0.35, rr -> marks[rr.nextInt(marks.length)]);
    }
  },
  ZERO_WIDTH {
    @Override
    String apply(String s, Random r) {
      String[] marks = {"\u200B", "\u200C", "\u200D", "\uFEFF"};
      return interleave(s, r, 0.5, rr -> marks[rr.nextInt(marks.length)]);
    }
  },
  FULL_WIDTH {
    @Override
    String apply(String s, Random r) {
      StringBuilder b = new StringBuilder(s.length());
      for (char c : s.toCharArray()) {
        if (c > 0x20 && c < 0x7F) {
          b.append((char) (c - 0x21 + 0xFF01));
        } else if (c == ' ') {
          b.append('\u3000');
        } else {
          b.append(c);
        }
      }
      return b.toString();
    }
  },
  TRADITIONAL {
    @Override
    String apply(String s, Random r) {
      return TO_TRADITIONAL.get().transliterate(s);
    }
  },
  LOOK_ALIKES {
    @Override
    String apply(String s, Random r) {
      StringBuilder b = new StringBuilder(s.length());
      for (char c : s.toCharArray()) {
        char lower = Character.toLowerCase(c);
        int i = LATIN.indexOf(lower);
        if (i >= 0 && r.nextDouble() < 0.5) {
          boolean leet = r.nextBoolean() && LEET.charAt(i) != ' ';
          b.append(leet ? LEET.charAt(i) : CYRILLIC.charAt(i));
        } else {
          b.append(c);
        }
      }
      return b.toString();
    }
  },
  REPEATS {
    @Override
    String apply(String s, Random r) {
      StringBuilder b = new StringBuilder(s.length() + 16);
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        b.append(c);
        boolean single =
            (i == 0 || s.charAt(i - 1) != c) && (i + 1 == s.length() || s.charAt(i + 1) != c);
        if (Character.isLetter(c) && single && r.nextDouble() < 0.15) {
          b.append(String.valueOf(c).repeat(2 + r.nextInt(3)));
        }
      }
      return b.toString();
    }
  },
  MIXED {
    @Override
    String apply(String s, Random r) {
      List<Obfuscator> kinds =
          List.of(SPACES, SYMBOLS, ZERO_WIDTH, FULL_WIDTH, TRADITIONAL, LOOK_ALIKES, REPEATS);
      String out = s;
      for (int k = 0; k < 3; k++) {
        out = kinds.get(r.nextInt(kinds.size())).apply(out, r);
      }
      return out;
    }
  };

  private static final String LATIN = "aeoicpxysbt";
  private static final String CYRILLIC = "аеоісрхуѕьт";
  private static final String LEET = "@301    $87";
  private static final ThreadLocal<Transliterator> TO_TRADITIONAL =
      ThreadLocal.withInitial(() -> Transliterator.getInstance("Simplified-Traditional"));

  abstract String apply(String s, Random r);

  public String obfuscate(String s, Random r) {
    return apply(s, r);
  }

  /** Whether the evasion makes sense for the language (traditional script is Chinese only). */
  public boolean appliesTo(boolean chinese) {
    return switch (this) {
      case TRADITIONAL -> chinese;
      case LOOK_ALIKES -> !chinese;
      default -> true;
    };
  }

  private interface Mark {
    String next(Random r);
  }

  private static String interleave(String s, Random r, double p, Mark mark) {
    StringBuilder b = new StringBuilder(s.length() * 2);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c);
      if (i + 1 < s.length()
          && Character.isLetter(c)
          && Character.isLetter(s.charAt(i + 1))
          && !Character.isHighSurrogate(c)
          && r.nextDouble() < p) {
        b.append(mark.next(r));
      }
    }
    return b.toString();
  }
}
