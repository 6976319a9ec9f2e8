package com.companion.edge.http;

import org.springframework.core.Ordered;

/**
 * The order of the edge's web filters. CORS comes first so that even a 401 or 413 carries the CORS
 * headers a browser needs to read it; the contracts' {@code BearerAuthWebFilter} sits at {@code
 * HIGHEST_PRECEDENCE + 100}, between the body check and the access check.
 */
public final class EdgeFilterOrder {

  public static final int CORS = Ordered.HIGHEST_PRECEDENCE + 50;
  public static final int BODY_LIMIT = Ordered.HIGHEST_PRECEDENCE + 60;
  public static final int ACCESS = Ordered.HIGHEST_PRECEDENCE + 110;
  public static final int GUARDS = Ordered.HIGHEST_PRECEDENCE + 120;

  private EdgeFilterOrder() {}
}
