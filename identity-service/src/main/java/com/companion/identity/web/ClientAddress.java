package com.companion.identity.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address of the client, for throttling. Behind the edge every connection comes from the edge,
 * so the address is taken from {@code X-Forwarded-For} by Tomcat's remote-IP valve ({@code
 * server.forward-headers-strategy: native}): it reads the header from the right and stops at the
 * first address that is not one of our proxies ({@code server.tomcat.remoteip.internal-proxies}),
 * so entries a client writes itself further left are never believed.
 */
public final class ClientAddress {

  public String of(HttpServletRequest request) {
    return request.getRemoteAddr();
  }
}
