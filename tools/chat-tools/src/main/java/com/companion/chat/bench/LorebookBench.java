package com.companion.chat.bench;

import com.companion.chat.catalog.LoreEntry;
import com.companion.chat.catalog.Lorebook;
import com.companion.chat.prompt.LorebookActivator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What choosing a turn's lorebook entries costs in chat-service's process, per turn, for books of
 * several sizes: {@code java -jar tools/chat-tools/target/chat-tools.jar lorebook-bench}. It runs
 * {@link LorebookActivator} on generated books (three keys per entry: words and phrases, or in a
 * third of the entries regular expressions; a quarter of the entries selective) against the last
 * four messages of a conversation, the prompt step's own work, in this thread only, and prints the
 * thread's CPU microseconds per turn. Each book is warmed up first (the same turns, untimed) so the
 * figures are a warm service's.
 */
public final class LorebookBench {

  private static final String[] WORDS = {
    "harbour", "lantern", "dragon", "castle", "river", "market", "forest", "storm", "letter",
    "garden", "tower", "bridge", "winter", "festival", "library", "sword", "comet", "orchard",
    "mirror", "violin", "compass", "island", "bakery", "shrine", "meadow", "anchor", "tavern",
    "glacier", "canyon", "beacon", "quarry", "harvest", "monastery", "caravan", "lighthouse"
  };

  private static final int[] BOOK_SIZES = {10, 50, 200};

  /**
   * Keys looked for per book size, warm-up and measurement each: 3,000 turns of a 10-entry book.
   */
  private static final int KEY_LOOKUPS = 90_000;

  private LorebookBench() {}

  public static int run(String[] args) {
    if (args.length > 0) {
      System.out.println(
          "usage: java -jar tools/chat-tools/target/chat-tools.jar lorebook-bench (no options)");
      return "--help".equals(args[0]) ? 0 : 2;
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<List<String>> conversations = conversations(new Random(7), 64);
    System.out.println("| entries | keys | active per turn (mean) | CPU per turn (µs) |");
    System.out.println("|---:|---:|---:|---:|");
    for (int size : BOOK_SIZES) {
      Lorebook book = book(new Random(size), size);
      int turns = KEY_LOOKUPS / (size * 3);
      activate(book, conversations, turns);
      long cpu = threads.getCurrentThreadCpuTime();
      long active = activate(book, conversations, turns);
      double micros = (threads.getCurrentThreadCpuTime() - cpu) / 1_000.0 / turns;
      System.out.printf(
          "| %d | %d | %.1f | %.1f |%n", size, size * 3, (double) active / turns, micros);
    }
    return 0;
  }

  private static long activate(Lorebook book, List<List<String>> conversations, int turns) {
    long active = 0;
    for (int turn = 0; turn < turns; turn++) {
      active +=
          LorebookActivator.activate(book, conversations.get(turn % conversations.size())).size();
    }
    return active;
  }

  /** Each conversation's last four messages, about 60 words each, a few of them keys. */
  private static List<List<String>> conversations(Random random, int count) {
    List<List<String>> all = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      List<String> messages = new ArrayList<>();
      for (int m = 0; m < 4; m++) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 60; w++) {
          text.append(w % 12 == 5 ? capitalised(word(random)) : "and so we walked on").append(' ');
        }
        messages.add(text.toString().trim() + ".");
      }
      all.add(messages);
    }
    return all;
  }

  private static Lorebook book(Random random, int size) {
    List<LoreEntry> entries = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      boolean regex = i % 3 == 2;
      List<String> keys =
          regex
              ? List.of(regexKey(random), regexKey(random), regexKey(random))
              : List.of(word(random), word(random) + " " + word(random), word(random));
      boolean selective = i % 4 == 0;
      entries.add(
          new LoreEntry(
              "entry-" + i,
              keys,
              selective ? List.of(word(random)) : List.of(),
              "What the character knows about entry " + i + ".",
              true,
              false,
              selective,
              LoreEntry.SelectiveLogic.AND_ANY,
              i,
              10,
              false,
              false,
              regex));
    }
    return new Lorebook(4, 512, false, entries);
  }

  /** A key as creators write them: a word with its plurals, then the start of another word. */
  private static String regexKey(Random random) {
    return "/" + word(random) + "(s|es)?\\s+" + word(random).substring(0, 3) + "\\w*/i";
  }

  private static String word(Random random) {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private static String capitalised(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
