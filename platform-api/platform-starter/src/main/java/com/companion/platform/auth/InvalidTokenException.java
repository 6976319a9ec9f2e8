package com.companion.platform.auth;

/** A bearer token that is missing, malformed, wrongly signed, expired or for another audience. */
public class InvalidTokenException extends RuntimeException {

  public InvalidTokenException(String message) {
    super(message);
  }

  public InvalidTokenException(String message, Throwable cause) {
    super(message, cause);
  }
}
