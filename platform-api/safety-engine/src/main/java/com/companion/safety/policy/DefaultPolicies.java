package com.companion.safety.policy;

import static com.companion.safety.moderation.Category.*;

import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.moderation.Category;
import java.util.EnumMap;
import java.util.Map;

/**
 * The policies every product starts with. Minors get the strictest: anything sexual, hateful,
 * threatening or about self-harm blocks at a moderate score, profanity is masked and blocks when
 * the whole message is abusive. Adults may see romance and swearing; threats, hate and anything
 * sexual involving minors still block.
 */
public final class DefaultPolicies {

  private DefaultPolicies() {}

  public static Policy forAgeGroup(AgeGroup ageGroup) {
    Map<Category, CategoryRule> r = new EnumMap<>(Category.class);
    if (ageGroup == AgeGroup.MINOR) {
      r.put(SEXUAL, CategoryRule.block(0.5, 0.3));
      r.put(SEXUAL_MINORS, CategoryRule.block(0.3, 0.2));
      r.put(HARASSMENT, CategoryRule.block(0.7, 0.5));
      r.put(HARASSMENT_THREATENING, CategoryRule.block(0.5, 0.3));
      r.put(HATE, CategoryRule.block(0.6, 0.4));
      r.put(HATE_THREATENING, CategoryRule.block(0.5, 0.3));
      r.put(SELF_HARM, CategoryRule.block(0.5, 0.3));
      r.put(SELF_HARM_INTENT, CategoryRule.block(0.5, 0.3));
      r.put(SELF_HARM_INSTRUCTIONS, CategoryRule.block(0.4, 0.3));
      r.put(VIOLENCE, CategoryRule.block(0.7, 0.5));
      r.put(VIOLENCE_GRAPHIC, CategoryRule.block(0.5, 0.3));
      r.put(ILLICIT, CategoryRule.block(0.6, 0.4));
      r.put(OFFENSIVE, CategoryRule.redact(0.85, 0.6));
      r.put(PERSONAL_DATA, CategoryRule.redact(null, null));
    } else {
      r.put(SEXUAL, CategoryRule.review(0.9));
      r.put(SEXUAL_MINORS, CategoryRule.block(0.3, 0.2));
      r.put(HARASSMENT, CategoryRule.block(0.9, 0.6));
      r.put(HARASSMENT_THREATENING, CategoryRule.block(0.7, 0.5));
      r.put(HATE, CategoryRule.block(0.85, 0.6));
      r.put(HATE_THREATENING, CategoryRule.block(0.6, 0.4));
      r.put(SELF_HARM, CategoryRule.review(0.5));
      r.put(SELF_HARM_INTENT, CategoryRule.review(0.4));
      r.put(SELF_HARM_INSTRUCTIONS, CategoryRule.block(0.6, 0.4));
      r.put(VIOLENCE, CategoryRule.review(0.8));
      r.put(VIOLENCE_GRAPHIC, CategoryRule.block(0.9, 0.7));
      r.put(ILLICIT, CategoryRule.block(0.8, 0.6));
      r.put(OFFENSIVE, CategoryRule.redact(null, 0.9));
      r.put(PERSONAL_DATA, CategoryRule.redact(null, null));
    }
    return new Policy(Policy.ANY_PRODUCT, ageGroup, r, 0);
  }
}
