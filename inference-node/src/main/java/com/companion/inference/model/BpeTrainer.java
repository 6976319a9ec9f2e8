package com.companion.inference.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Learns a byte-level BPE vocabulary (GPT-2 style pre-tokenisation and byte-to-unicode alphabet)
 * and writes it as a Hugging Face {@code tokenizer.json}, so serving loads it with the tokenizers
 * library and its Rust encoder rather than with code of ours.
 */
public final class BpeTrainer {

  /** The GPT-2 split pattern, the one the ByteLevel pre-tokenizer applies with use_regex. */
  private static final Pattern SPLIT =
      Pattern.compile(
          "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private BpeTrainer() {}

  /** GPT-2's reversible map from bytes to printable code points. */
  public static char[] byteAlphabet() {
    char[] map = new char[256];
    boolean[] direct = new boolean[256];
    for (int b = '!'; b <= '~'; b++) {
      direct[b] = true;
    }
    for (int b = 0xA1; b <= 0xAC; b++) {
      direct[b] = true;
    }
    for (int b = 0xAE; b <= 0xFF; b++) {
      direct[b] = true;
    }
    int next = 0;
    for (int b = 0; b < 256; b++) {
      map[b] = direct[b] ? (char) b : (char) (256 + next++);
    }
    return map;
  }

  /** Trains on {@code text} up to {@code vocabSize} entries and writes the tokenizer files. */
  public static void train(String text, int vocabSize, Path dir) throws IOException {
    char[] alphabet = byteAlphabet();
    Map<String, Integer> wordCounts = new HashMap<>();
    Matcher matcher = SPLIT.matcher(text);
    while (matcher.find()) {
      byte[] bytes = matcher.group().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      StringBuilder sb = new StringBuilder(bytes.length);
      for (byte b : bytes) {
        sb.append(alphabet[b & 0xFF]);
      }
      wordCounts.merge(sb.toString(), 1, Integer::sum);
    }
    List<String> vocab = new ArrayList<>(ChatTemplate.SPECIAL_TOKENS);
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < vocab.size(); i++) {
      ids.put(vocab.get(i), i);
    }
    for (int b = 0; b < 256; b++) {
      String s = String.valueOf(alphabet[b]);
      ids.put(s, vocab.size());
      vocab.add(s);
    }
    List<List<String>> words = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    wordCounts.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              List<String> symbols = new ArrayList<>();
              for (char c : e.getKey().toCharArray()) {
                symbols.add(String.valueOf(c));
              }
              words.add(symbols);
              counts.add(e.getValue());
            });
    List<String> merges = new ArrayList<>();
    while (vocab.size() < vocabSize) {
      Map<String, Long> pairs = new HashMap<>();
      for (int w = 0; w < words.size(); w++) {
        List<String> sym = words.get(w);
        for (int i = 0; i + 1 < sym.size(); i++) {
          pairs.merge(sym.get(i) + " " + sym.get(i + 1), (long) counts.get(w), Long::sum);
        }
      }
      String best = null;
      long bestCount = 1;
      for (var e : pairs.entrySet()) {
        // ties broken by the pair's text so a corpus always gives the same vocabulary
        if (e.getValue() > bestCount
            || (e.getValue() == bestCount && best != null && e.getKey().compareTo(best) < 0)) {
          best = e.getKey();
          bestCount = e.getValue();
        }
      }
      if (best == null) {
        break;
      }
      int space = best.indexOf(' ');
      String left = best.substring(0, space);
      String right = best.substring(space + 1);
      String merged = left + right;
      merges.add(best);
      if (!ids.containsKey(merged)) {
        ids.put(merged, vocab.size());
        vocab.add(merged);
      }
      for (List<String> sym : words) {
        for (int i = 0; i + 1 < sym.size(); i++) {
          if (sym.get(i).equals(left) && sym.get(i + 1).equals(right)) {
            sym.set(i, merged);
            sym.remove(i + 1);
          }
        }
      }
    }
    writeTokenizerJson(dir.resolve("tokenizer.json"), vocab, merges);
    writeTokenizerConfig(dir.resolve("tokenizer_config.json"));
  }

  private static void writeTokenizerJson(Path file, List<String> vocab, List<String> merges)
      throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int i = 0; i < ChatTemplate.SPECIAL_TOKENS.size(); i++) {
      ObjectNode t = added.addObject();
      t.put("id", i);
      t.put("content", ChatTemplate.SPECIAL_TOKENS.get(i));
      t.put("single_word", false);
      t.put("lstrip", false);
      t.put("rstrip", false);
      t.put("normalized", false);
      t.put("special", true);
    }
    root.putNull("normalizer");
    ObjectNode pre = root.putObject("pre_tokenizer");
    pre.put("type", "ByteLevel");
    pre.put("add_prefix_space", false);
    pre.put("trim_offsets", true);
    pre.put("use_regex", true);
    root.putNull("post_processor");
    ObjectNode dec = root.putObject("decoder");
    dec.put("type", "ByteLevel");
    dec.put("add_prefix_space", true);
    dec.put("trim_offsets", true);
    dec.put("use_regex", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("ignore_merges", false);
    ObjectNode v = model.putObject("vocab");
    Map<String, Integer> ordered = new LinkedHashMap<>();
    for (int i = 0; i < vocab.size(); i++) {
      ordered.putIfAbsent(vocab.get(i), i);
    }
    ordered.forEach(v::put);
    ArrayNode m = model.putArray("merges");
    merges.forEach(m::add);
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }

  private static void writeTokenizerConfig(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("tokenizer_class", "PreTrainedTokenizerFast");
    root.put("bos_token", ChatTemplate.EOS);
    root.put("eos_token", ChatTemplate.END);
    root.put("pad_token", ChatTemplate.EOS);
    root.put("model_max_length", 2048);
    root.put("chat_template", ChatTemplate.JINJA);
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }
}
