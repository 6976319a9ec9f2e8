package com.companion.character.card;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a stored card may hold. Character Card V2/V3 allow free text; 32,000 characters per text
 * field fits the longest real cards while keeping one card far below a megabyte of prompt. Lengths
 * count Unicode code points, so a Chinese character counts one.
 *
 * @param maxTextChars description, personality, scenario, greetings, examples, notes, prompts,
 *     lorebook entry content
 * @param maxNameChars name, nickname, creator, lorebook name
 * @param maxVersionChars character_version
 * @param maxTags tags per card
 * @param maxTagChars characters per tag
 * @param maxGreetings alternate_greetings and group_only_greetings, each
 * @param maxBookEntries lorebook entries
 * @param maxKeysPerEntry keys and secondary_keys of one entry, each
 * @param maxKeyChars characters per lorebook key
 * @param maxCommentChars lorebook entry comment
 * @param maxExtensionsBytes one {@code extensions} object, as UTF-8 JSON
 */
public record CardLimits(
    @DefaultValue("32000") int maxTextChars,
    @DefaultValue("128") int maxNameChars,
    @DefaultValue("64") int maxVersionChars,
    @DefaultValue("32") int maxTags,
    @DefaultValue("48") int maxTagChars,
    @DefaultValue("64") int maxGreetings,
    @DefaultValue("1024") int maxBookEntries,
    @DefaultValue("64") int maxKeysPerEntry,
    @DefaultValue("256") int maxKeyChars,
    @DefaultValue("2000") int maxCommentChars,
    @DefaultValue("262144") int maxExtensionsBytes) {

  public static CardLimits defaults() {
    return new CardLimits(32_000, 128, 64, 32, 48, 64, 1024, 64, 256, 2000, 262_144);
  }
}
