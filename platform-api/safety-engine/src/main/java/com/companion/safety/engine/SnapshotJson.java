package com.companion.safety.engine;

import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.lexicon.LexiconTerm;
import com.companion.safety.moderation.Category;
import com.companion.safety.moderation.SupportText;
import com.companion.safety.policy.CategoryRule;
import com.companion.safety.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The snapshot's wire form (JSON, snake_case, categories by their wire names). Written by
 * safety-filter, read by the services that follow it; the version is a digest of the content, so
 * equal content has an equal version on every replica.
 */
public final class SnapshotJson {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SnapshotJson() {}

  /** A snapshot of the given content, its version computed from it. */
  public static SafetySnapshot of(
      long lexiconVersion,
      List<LexiconTerm> lexicon,
      List<Policy> policies,
      Map<String, Map<String, SupportText>> support,
      String classifierDigest) {
    SafetySnapshot unversioned =
        new SafetySnapshot("", lexiconVersion, lexicon, policies, support, classifierDigest);
    String version = sha256(JSON.writeValueAsString(tree(unversioned)));
    return new SafetySnapshot(
        version.substring(0, 16), lexiconVersion, lexicon, policies, support, classifierDigest);
  }

  public static String write(SafetySnapshot snapshot) {
    return JSON.writeValueAsString(tree(snapshot));
  }

  public static SafetySnapshot read(String json) {
    JsonNode root = JSON.readTree(json);
    List<LexiconTerm> lexicon = new ArrayList<>();
    for (JsonNode t : root.path("lexicon").values()) {
      lexicon.add(
          new LexiconTerm(
              Category.fromWire(t.path("category").asString()),
              t.path("language").asString(),
              t.path("term").asString(),
              t.path("weight").asDouble()));
    }
    List<Policy> policies = new ArrayList<>();
    for (JsonNode p : root.path("policies").values()) {
      Map<Category, CategoryRule> rules = new EnumMap<>(Category.class);
      for (Map.Entry<String, JsonNode> r : p.path("rules").properties()) {
        JsonNode rule = r.getValue();
        rules.put(
            Category.fromWire(r.getKey()),
            new CategoryRule(
                rule.path("block_at").isNumber() ? rule.path("block_at").asDouble() : null,
                rule.path("review_at").isNumber() ? rule.path("review_at").asDouble() : null,
                rule.path("redact").asBoolean(false)));
      }
      policies.add(
          new Policy(
              p.path("product").asString(),
              AgeGroup.fromClaim(p.path("age_group").asString()),
              rules,
              p.path("version").asLong()));
    }
    Map<String, Map<String, SupportText>> support = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> product : root.path("support").properties()) {
      Map<String, SupportText> byLocale = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> locale : product.getValue().properties()) {
        JsonNode s = locale.getValue();
        List<String> resources = new ArrayList<>();
        s.path("resources").values().forEach(line -> resources.add(line.asString()));
        byLocale.put(
            locale.getKey(),
            new SupportText(
                s.path("text").asString(null), s.path("check_in").asString(null), resources));
      }
      support.put(product.getKey(), byLocale);
    }
    return new SafetySnapshot(
        root.path("version").asString(),
        root.path("lexicon_version").asLong(),
        lexicon,
        policies,
        support,
        root.path("classifier_digest").asString());
  }

  private static Map<String, Object> tree(SafetySnapshot s) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", s.version());
    root.put("lexicon_version", s.lexiconVersion());
    List<Map<String, Object>> lexicon = new ArrayList<>();
    for (LexiconTerm t : s.lexicon()) {
      Map<String, Object> term = new LinkedHashMap<>();
      term.put("category", t.category().wireName());
      term.put("language", t.language());
      term.put("term", t.term());
      term.put("weight", t.weight());
      lexicon.add(term);
    }
    root.put("lexicon", lexicon);
    List<Map<String, Object>> policies = new ArrayList<>();
    for (Policy p : s.policies()) {
      Map<String, Object> policy = new LinkedHashMap<>();
      policy.put("product", p.product());
      policy.put("age_group", p.ageGroup().claimValue());
      policy.put("version", p.version());
      Map<String, Object> rules = new LinkedHashMap<>();
      p.rules()
          .forEach(
              (category, rule) -> {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("block_at", rule.blockAt());
                r.put("review_at", rule.reviewAt());
                r.put("redact", rule.redact());
                rules.put(category.wireName(), r);
              });
      policy.put("rules", rules);
      policies.add(policy);
    }
    root.put("policies", policies);
    Map<String, Object> support = new LinkedHashMap<>();
    s.support()
        .forEach(
            (product, byLocale) -> {
              Map<String, Object> locales = new LinkedHashMap<>();
              byLocale.forEach(
                  (locale, text) -> {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("text", text.text());
                    one.put("check_in", text.checkIn());
                    one.put("resources", text.resources() == null ? List.of() : text.resources());
                    locales.put(locale, one);
                  });
              support.put(product, locales);
            });
    root.put("support", support);
    root.put("classifier_digest", s.classifierDigest());
    return root;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
