package com.companion.inference.engine;

/**
 * One generated token. {@code text} is the text this token released, which can be empty while a
 * possible stop sequence or an incomplete character is held back; {@code logprob} is NaN unless
 * asked for.
 */
public record TokenEvent(String text, long tokenId, double logprob) {}
