package com.companion.character.card.png;

/** A byte sequence that is not a well-formed PNG file. */
public class MalformedPngException extends RuntimeException {

  public MalformedPngException(String message) {
    super(message);
  }
}
