package com.companion.character.bench;

import com.companion.character.card.CardJson;
import com.companion.character.card.CardLimits;
import com.companion.character.card.CardPng;
import com.companion.character.card.CardReader;
import com.companion.character.card.CardValidator;
import com.companion.character.card.CardWriter;
import com.companion.character.card.CharacterCard;
import com.companion.character.card.png.PngFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How fast the card codec is: JSON import (parse, tolerant read, validate), reading a stored
 * version (the path behind every {@code GET /versions/{v}}), PNG import and PNG export, for a
 * typical card and for one near the size limits. Prints a table; figures and ratios come from one
 * run.
 *
 * <p>Run: {@code java -jar tools/character-tools/target/character-tools.jar card-codec-bench
 * [seconds-per-case]}
 */
public final class CardCodecBench {

  private CardCodecBench() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
    CardValidator validator = new CardValidator(CardLimits.defaults());
    byte[] image = PngFile.solid(256, 384, 0x6688aa);
    List<String[]> rows = new ArrayList<>();
    for (var size : List.of(new int[] {20, 400}, new int[] {400, 6000})) {
      int entries = size[0];
      int textChars = size[1];
      ObjectNode card = card(entries, textChars);
      byte[] json = CardJson.writeBytes(card);
      CharacterCard parsed = CardReader.readCardFile(CardJson.parseObject(json));
      String stored = CardWriter.stored(parsed);
      byte[] png = CardPng.embed(image, parsed, Instant.EPOCH, Instant.EPOCH);
      String label = String.format(Locale.ROOT, "%d entries, %d KiB", entries, json.length / 1024);
      double importJson =
          measure(
              seconds,
              () -> validator.validate(CardReader.readCardFile(CardJson.parseObject(json))));
      double readStored = measure(seconds, () -> CardReader.readStored(stored));
      double importPng =
          measure(
              seconds,
              () -> validator.validate(CardReader.readCardFile(CardPng.extract(png).card())));
      double exportPng =
          measure(seconds, () -> CardPng.embed(image, parsed, Instant.EPOCH, Instant.EPOCH));
      rows.add(row(label, "import JSON", importJson, json.length, importJson));
      rows.add(row(label, "read stored version", readStored, stored.length(), importJson));
      rows.add(row(label, "import PNG", importPng, png.length, importJson));
      rows.add(row(label, "export PNG (V2+V3)", exportPng, png.length, importJson));
    }
    System.out.printf(
        Locale.ROOT,
        "%-24s %-22s %10s %10s %10s %12s%n",
        "card",
        "operation",
        "ops/s",
        "µs/op",
        "MB/s",
        "vs import");
    rows.forEach(
        r -> System.out.printf(Locale.ROOT, "%-24s %-22s %10s %10s %10s %12s%n", (Object[]) r));
    System.out.printf(
        Locale.ROOT,
        "java %s, %d cores, %s%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"));
  }

  private static String[] row(String card, String op, double opsPerSecond, int bytes, double base) {
    return new String[] {
      card,
      op,
      String.format(Locale.ROOT, "%.0f", opsPerSecond),
      String.format(Locale.ROOT, "%.1f", 1e6 / opsPerSecond),
      String.format(Locale.ROOT, "%.1f", opsPerSecond * bytes / 1e6),
      String.format(Locale.ROOT, "%.2fx", opsPerSecond / base)
    };
  }

  /** Operations per second after a warm-up of a third of the time. */
  private static double measure(double seconds, Supplier<?> operation) {
    long warmUntil = System.nanoTime() + (long) (seconds / 3 * 1e9);
    Object sink = null;
    while (System.nanoTime() < warmUntil) {
      sink = operation.get();
    }
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long count = 0;
    while (System.nanoTime() < end) {
      sink = operation.get();
      count++;
    }
    if (sink == null) {
      throw new IllegalStateException();
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  /** A V2 card with a lorebook, Chinese and English text, and vendor extensions. */
  static ObjectNode card(int entries, int textChars) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    String text = "灯塔看守人 keeps the lamp burning through the storm. ".repeat(textChars / 44 + 1);
    ObjectNode data = nodes.objectNode();
    data.put("name", "Keeper");
    data.put("description", text.substring(0, textChars));
    data.put("personality", "calm");
    data.put("scenario", text.substring(0, textChars / 2));
    data.put("first_mes", "You made it.");
    data.put("mes_example", text.substring(0, textChars / 2));
    data.putArray("tags").add("fantasy").add("灯塔");
    ObjectNode extensions = data.putObject("extensions");
    extensions.put("talkativeness", "0.5");
    extensions.putObject("depth_prompt").put("prompt", "stay calm").put("depth", 4);
    ObjectNode book = data.putObject("character_book");
    ArrayNode list = book.putArray("entries");
    for (int i = 0; i < entries; i++) {
      ObjectNode entry = list.addObject();
      entry.putArray("keys").add("lamp" + i).add("灯" + i);
      entry.put("content", text.substring(0, Math.min(textChars, 300)));
      entry.put("insertion_order", i);
      entry.put("enabled", true);
      entry.putObject("extensions").put("probability", 100);
    }
    ObjectNode root = nodes.objectNode();
    root.put("spec", "chara_card_v2");
    root.put("spec_version", "2.0");
    root.set("data", data);
    return root;
  }
}
