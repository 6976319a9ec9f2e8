package com.companion.safety.lexicon;

import com.companion.safety.moderation.Category;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The starting lexicon shipped in {@code lexicon/seed.tsv}; admins grow it through the API. */
public final class SeedLexicon {

  private SeedLexicon() {}

  public static List<LexiconTerm> load() {
    try (InputStream in = SeedLexicon.class.getResourceAsStream("/lexicon/seed.tsv")) {
      if (in == null) {
        return List.of();
      }
      List<LexiconTerm> terms = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        terms.add(
            new LexiconTerm(Category.fromWire(f[1]), f[0], f[3].strip(), Double.parseDouble(f[2])));
      }
      return terms;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
