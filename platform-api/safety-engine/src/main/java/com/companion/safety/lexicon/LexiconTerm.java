package com.companion.safety.lexicon;

import com.companion.safety.moderation.Category;

/**
 * One lexicon entry. {@code term} is as an admin typed it; a trailing {@code *} matches any ending
 * (inflections: {@code fuck*} also matches "fucking"). {@code weight} is the category score a hit
 * gives, in (0, 1].
 */
public record LexiconTerm(Category category, String language, String term, double weight) {}
