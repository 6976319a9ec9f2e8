package com.companion.character.character;

/**
 * The stored trending score a new character starts with: no signals yet. Engagement owns the
 * score's stored form and implements this, so that character does not depend on engagement.
 */
public interface TrendingBaseline {

  double noSignals();
}
