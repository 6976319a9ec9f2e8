package com.companion.inference.generate;

/** A generate request that cannot run as given (400). */
class InvalidGenerateRequest extends RuntimeException {
  InvalidGenerateRequest(String message) {
    super(message);
  }
}
