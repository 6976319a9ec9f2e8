package com.companion.safety.engine;

import com.companion.safety.lexicon.LexiconTerm;
import com.companion.safety.moderation.SupportText;
import com.companion.safety.policy.Policy;
import java.util.List;
import java.util.Map;

/**
 * Everything a moderator needs besides the classifier's weights, as safety-filter has it in force:
 * the lexicon, the stored policies (built-in defaults apply where a product and age group have
 * none), the support texts, and the digest of the classifier file that goes with it. safety-filter
 * owns all of it; a service moderating in-process only ever holds a copy.
 *
 * @param version changes whenever anything in the snapshot or the classifier changes
 * @param classifierDigest SHA-256 of the classifier file (gzip bytes as served)
 */
public record SafetySnapshot(
    String version,
    long lexiconVersion,
    List<LexiconTerm> lexicon,
    List<Policy> policies,
    Map<String, Map<String, SupportText>> support,
    String classifierDigest) {

  public SafetySnapshot {
    lexicon = List.copyOf(lexicon);
    policies = List.copyOf(policies);
    support = support == null ? Map.of() : Map.copyOf(support);
  }
}
