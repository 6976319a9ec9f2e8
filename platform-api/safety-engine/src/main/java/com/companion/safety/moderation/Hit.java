package com.companion.safety.moderation;

/**
 * One piece of evidence found in the text: a lexicon term or a personal-data pattern, with its span
 * in the original text (UTF-16 offsets, end exclusive).
 */
public record Hit(Category category, String source, String term, int start, int end) {}
