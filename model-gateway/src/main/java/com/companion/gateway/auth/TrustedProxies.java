package com.companion.gateway.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers whose {@code X-Forwarded-For} is believed: single addresses or CIDR ranges ({@code
 * 10.0.0.0/8}, {@code fd00::/8}), IPv4 or IPv6. In a cluster the edge's pods change addresses, so
 * the pod network is named as a range.
 */
public final class TrustedProxies {

  private record Range(byte[] network, int prefix) {

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private final List<Range> ranges = new ArrayList<>();

  public TrustedProxies(List<String> entries) {
    for (String entry : entries) {
      String text = entry.trim();
      int slash = text.indexOf('/');
      byte[] network = parse(slash < 0 ? text : text.substring(0, slash));
      int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
      ranges.add(new Range(network, prefix));
    }
  }

  public boolean trusts(InetAddress peer) {
    byte[] address = peer.getAddress();
    for (Range range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] parse(String literal) {
    if (!literal.matches("[0-9a-fA-F:.]+")) {
      // only literals: a host name here would be looked up in DNS on every start
      throw new IllegalArgumentException("not an IP address or range: " + literal);
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address or range: " + literal, e);
    }
  }
}
