package com.companion.platform.web;

/** The request id header the edge sets and every service propagates and logs. */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";

  private RequestIds() {}
}
