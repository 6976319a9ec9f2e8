package com.companion.safety.moderation;

import java.util.List;

/**
 * Support for one product and language, as configured; a field left empty falls back (see {@link
 * SupportDirectory}).
 *
 * @param text shown beside the chat with the help lines (the {@code support} notice)
 * @param checkIn what the character says instead of, or before, its reply: a caring check-in
 * @param resources help lines, one per entry
 */
public record SupportText(String text, String checkIn, List<String> resources) {}
