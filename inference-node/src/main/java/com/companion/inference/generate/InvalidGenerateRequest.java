package com.companion.inference.generate;

/**
 * A generate request that cannot run as given (400).
 *
 * @see #param() the request field at fault, when one is
 */
class InvalidGenerateRequest extends RuntimeException {

  private final String param;

  InvalidGenerateRequest(String message) {
    this(null, message);
  }

  InvalidGenerateRequest(String param, String message) {
    super(message);
    this.param = param;
  }

  String param() {
    return param;
  }
}
