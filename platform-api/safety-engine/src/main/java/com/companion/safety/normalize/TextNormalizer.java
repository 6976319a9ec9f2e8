package com.companion.safety.normalize;

import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.Transliterator;

/**
 * Undoes the common ways users dress up a word so that lexicons and the classifier see one
 * canonical form. Stages, in order:
 *
 * <ol>
 *   <li>per code point: NFKC with case folding (this also turns full-width forms into ASCII and
 *       drops default-ignorable code points), removal of format characters (zero-width space,
 *       joiners, BOM, soft hyphen), variation selectors and combining marks (diacritics),
 *       traditional to simplified Chinese, Cyrillic/Greek look-alikes to Latin;
 *   <li>leetspeak inside Latin words ({@code sh1t}, {@code @ss}, {@code h3ll0});
 *   <li>separators between letters: any run of punctuation, symbols or emoji between two letters is
 *       removed, and so is whitespace next to a CJK character; a run that contains whitespace
 *       between two Latin letters becomes one space;
 *   <li>spaced-out single letters ({@code f u c k}) are joined;
 *   <li>runs of three or more equal characters are squashed to one.
 * </ol>
 *
 * Every output char keeps the original span it came from ({@link NormalizedText}). Thread-safe and
 * allocation-light: a message of a few hundred chars normalises in a few microseconds.
 */
public final class TextNormalizer {

  private static final TextNormalizer INSTANCE = new TextNormalizer();

  /** Per BMP code point: its canonical replacement ("" = drop). Built once, read lock-free. */
  private final String[] bmp = new String[0x10000];

  private final Normalizer2 nfkcCasefold = Normalizer2.getNFKCCasefoldInstance();
  private final Normalizer2 nfd = Normalizer2.getNFDInstance();

  private TextNormalizer() {
    Transliterator toSimplified = Transliterator.getInstance("Traditional-Simplified");
    for (int cp = 0; cp < 0x10000; cp++) {
      if (Character.isSurrogate((char) cp)) {
        bmp[cp] = null;
        continue;
      }
      bmp[cp] = canonical(cp, toSimplified);
    }
  }

  public static TextNormalizer get() {
    return INSTANCE;
  }

  public NormalizedText normalize(String input) {
    Buf b = mapCodePoints(input);
    b = mapLeetspeak(b);
    b = removeSeparators(b);
    b = joinSpacedLetters(b);
    b = squashRepeats(b);
    return new NormalizedText(input, new String(b.c, 0, b.n), b.starts(), b.ends());
  }

  /** Canonical text only, for callers that need no offsets (training, lexicon terms). */
  public String canonical(String input) {
    return normalize(input).text();
  }

  private String canonical(int cp, Transliterator toSimplified) {
    int type = Character.getType(cp);
    if (type == Character.FORMAT
        || type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.CONTROL && !Character.isWhitespace(cp)
        || (cp >= 0xFE00 && cp <= 0xFE0F)) {
      return "";
    }
    String s = nfkcCasefold.normalize(new String(Character.toChars(cp)));
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      // diacritics: decompose and keep only the base character(s)
      String d = nfd.normalize(new String(Character.toChars(c)));
      for (int j = 0; j < d.length(); ) {
        int dc = d.codePointAt(j);
        j += Character.charCount(dc);
        int t = Character.getType(dc);
        if (t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK) {
          continue;
        }
        if (UScript.getScript(dc) == UScript.HAN) {
          String simp = toSimplified.transliterate(new String(Character.toChars(dc)));
          out.append(
              simp.codePointCount(0, simp.length()) == 1
                  ? simp
                  : new String(Character.toChars(dc)));
          continue;
        }
        char look = lookAlike(dc);
        if (look != 0) {
          out.append(look);
        } else if (Character.isWhitespace(dc) || Character.isSpaceChar(dc)) {
          out.append(' ');
        } else {
          out.appendCodePoint(dc);
        }
      }
    }
    return out.toString();
  }

  /** Cyrillic and Greek letters that render like Latin ones (after case folding). */
  private static char lookAlike(int cp) {
    return switch (cp) {
      case 'а', 'α', 'ɑ' -> 'a';
      case 'в', 'β', 'ь' -> 'b';
      case 'с', 'ϲ' -> 'c';
      case 'ԁ' -> 'd';
      case 'е', 'ё', 'ε', 'є' -> 'e';
      case 'һ', 'н' -> 'h';
      case 'і', 'ї', 'ι', 'ı', 'ӏ' -> 'i';
      case 'ј' -> 'j';
      case 'к', 'κ' -> 'k';
      case 'м' -> 'm';
      case 'ո', 'η' -> 'n';
      case 'о', 'ο', 'σ' -> 'o';
      case 'р', 'ρ' -> 'p';
      case 'ԛ' -> 'q';
      case 'г' -> 'r';
      case 'ѕ' -> 's';
      case 'т', 'τ' -> 't';
      case 'υ', 'ц' -> 'u';
      case 'ν', 'ѵ' -> 'v';
      case 'ω', 'ш', 'ԝ' -> 'w';
      case 'х', 'χ' -> 'x';
      case 'у', 'γ' -> 'y';
      case 'ᴢ' -> 'z';
      default -> 0;
    };
  }

  private Buf mapCodePoints(String in) {
    Buf out = new Buf(in.length() + 8);
    for (int i = 0; i < in.length(); ) {
      int cp = in.codePointAt(i);
      int len = Character.charCount(cp);
      String rep;
      if (cp < 0x10000) {
        rep = bmp[cp];
        if (rep == null) { // lone surrogate
          rep = "";
        }
      } else if (cp >= 0xE0100 && cp <= 0xE01EF || Character.getType(cp) == Character.FORMAT) {
        rep = "";
      } else {
        rep = nfkcCasefold.normalize(new String(Character.toChars(cp)));
      }
      for (int k = 0; k < rep.length(); k++) {
        out.add(rep.charAt(k), i, i + len);
      }
      i += len;
    }
    return out;
  }

  private static boolean isLatin(char ch) {
    return ch >= 'a' && ch <= 'z';
  }

  private static char leet(char ch) {
    return switch (ch) {
      case '0' -> 'o';
      case '1', '!', '|' -> 'i';
      case '3' -> 'e';
      case '4', '@' -> 'a';
      case '5', '$' -> 's';
      case '7', '+' -> 't';
      case '8' -> 'b';
      default -> 0;
    };
  }

  private static Buf mapLeetspeak(Buf in) {
    int i = 0;
    while (i < in.n) {
      if (!isLatin(in.c[i]) && leet(in.c[i]) == 0) {
        i++;
        continue;
      }
      int j = i;
      int letters = 0;
      int leets = 0;
      while (j < in.n && (isLatin(in.c[j]) || leet(in.c[j]) != 0)) {
        if (isLatin(in.c[j])) {
          letters++;
        } else {
          leets++;
        }
        j++;
      }
      if (letters > 0 && leets > 0 && letters >= leets) {
        for (int k = i; k < j; k++) {
          char ch = in.c[k];
          boolean punctuationLike = ch == '!' || ch == '|' || ch == '+';
          boolean atEdge = k == j - 1 || (k == i && ch != '@' && ch != '$');
          if (!isLatin(ch) && !(punctuationLike && atEdge)) {
            in.c[k] = leet(ch);
          }
        }
      }
      i = j;
    }
    return in;
  }

  private static boolean isWord(char ch) {
    return Character.isLetterOrDigit(ch);
  }

  private static boolean isCjk(char ch) {
    return ch >= 0x2E80 && !(ch >= 0xAC00 && ch <= 0xD7AF) && Character.isLetter(ch);
  }

  private static Buf removeSeparators(Buf in) {
    Buf out = new Buf(in.n);
    int i = 0;
    while (i < in.n) {
      char ch = in.c[i];
      if (isWord(ch)) {
        out.add(ch, in.s[i], in.e[i]);
        i++;
        continue;
      }
      int j = i;
      int firstSpace = -1;
      while (j < in.n && !isWord(in.c[j])) {
        if (firstSpace < 0 && in.c[j] == ' ') {
          firstSpace = j;
        }
        j++;
      }
      boolean between = i > 0 && j < in.n;
      if (between) {
        char prev = in.c[i - 1];
        char next = in.c[j];
        if (isCjk(prev) || isCjk(next) || firstSpace < 0) {
          // dropped: 傻 逼, 傻*逼, f.u.c.k, sh-it
        } else {
          out.add(' ', in.s[firstSpace], in.e[firstSpace]);
        }
      } else {
        // leading or trailing: keep symbols (they carry tone), drop whitespace
        for (int k = i; k < j; k++) {
          if (in.c[k] != ' ') {
            out.add(in.c[k], in.s[k], in.e[k]);
          }
        }
      }
      i = j;
    }
    return out;
  }

  private static Buf joinSpacedLetters(Buf in) {
    // tokens are maximal runs of non-space chars; a run of >= 3 one-letter Latin tokens is joined
    int[] tokStart = new int[in.n + 1];
    int[] tokEnd = new int[in.n + 1];
    int tokens = 0;
    for (int i = 0; i < in.n; ) {
      if (in.c[i] == ' ') {
        i++;
        continue;
      }
      int j = i;
      while (j < in.n && in.c[j] != ' ') {
        j++;
      }
      tokStart[tokens] = i;
      tokEnd[tokens] = j;
      tokens++;
      i = j;
    }
    boolean[] drop = null;
    for (int t = 0; t < tokens; ) {
      int u = t;
      while (u < tokens && tokEnd[u] - tokStart[u] == 1 && isLatin(in.c[tokStart[u]])) {
        u++;
      }
      if (u - t >= 3) {
        if (drop == null) {
          drop = new boolean[in.n];
        }
        for (int k = t; k < u - 1; k++) {
          for (int m = tokEnd[k]; m < tokStart[k + 1]; m++) {
            drop[m] = true;
          }
        }
      }
      t = Math.max(u, t + 1);
    }
    if (drop == null) {
      return in;
    }
    Buf out = new Buf(in.n);
    for (int m = 0; m < in.n; m++) {
      if (!drop[m]) {
        out.add(in.c[m], in.s[m], in.e[m]);
      }
    }
    return out;
  }

  private static Buf squashRepeats(Buf in) {
    Buf out = new Buf(in.n);
    int i = 0;
    while (i < in.n) {
      int j = i;
      while (j < in.n && in.c[j] == in.c[i]) {
        j++;
      }
      if (j - i >= 3) {
        out.add(in.c[i], in.s[i], in.e[j - 1]);
      } else {
        for (int k = i; k < j; k++) {
          out.add(in.c[k], in.s[k], in.e[k]);
        }
      }
      i = j;
    }
    return out;
  }

  /** Growable parallel arrays: chars and their original spans. */
  private static final class Buf {
    char[] c;
    int[] s;
    int[] e;
    int n;

    Buf(int capacity) {
      int cap = Math.max(capacity, 4);
      c = new char[cap];
      s = new int[cap];
      e = new int[cap];
    }

    void add(char ch, int start, int end) {
      if (n == c.length) {
        int cap = n * 2;
        c = java.util.Arrays.copyOf(c, cap);
        s = java.util.Arrays.copyOf(s, cap);
        e = java.util.Arrays.copyOf(e, cap);
      }
      c[n] = ch;
      s[n] = start;
      e[n] = end;
      n++;
    }

    int[] starts() {
      return java.util.Arrays.copyOf(s, n);
    }

    int[] ends() {
      return java.util.Arrays.copyOf(e, n);
    }
  }
}
