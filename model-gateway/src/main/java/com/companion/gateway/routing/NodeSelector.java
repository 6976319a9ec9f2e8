package com.companion.gateway.routing;

import com.companion.gateway.node.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks the node for one attempt.
 *
 * <p>Without a route key: power of two choices on load (two random available nodes, the less loaded
 * wins), which avoids both the herding of "always least loaded" on stale data and the imbalance of
 * pure random.
 *
 * <p>With a route key (chat-service sends the character id): rendezvous hashing ranks the nodes for
 * that key, so the same character's long shared prompt lands where its KV prefix is already cached;
 * the first-ranked node whose load stays within {@code loadFactor} times the pool mean wins, so a
 * hot character spills over to its second choice instead of drowning one node.
 */
public final class NodeSelector {

  private final double loadFactor;

  public NodeSelector(double loadFactor) {
    this.loadFactor = loadFactor;
  }

  public Optional<Node> select(Collection<Node> pool, String routeKey, Collection<Node> exclude) {
    List<Node> candidates = new ArrayList<>();
    for (Node node : pool) {
      if (node.isAvailable() && !exclude.contains(node)) {
        candidates.add(node);
      }
    }
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    if (routeKey != null && !routeKey.isEmpty()) {
      Optional<Node> affine = affine(candidates, routeKey);
      if (affine.isPresent()) {
        return affine;
      }
    }
    return Optional.of(powerOfTwo(candidates));
  }

  private Optional<Node> affine(List<Node> candidates, String routeKey) {
    double total = 0;
    for (Node node : candidates) {
      total += node.effectiveLoad();
    }
    // the bound of "consistent hashing with bounded loads": ceil(c * (m + 1) / n), counting this
    // request, so an idle pool always admits the first choice
    double bound = Math.ceil(loadFactor * (total + 1) / candidates.size());
    long keyHash = hash64(routeKey);
    List<Node> ranked = new ArrayList<>(candidates);
    ranked.sort(Comparator.comparingLong((Node node) -> score(keyHash, node.baseUrl())).reversed());
    for (Node node : ranked) {
      if (node.effectiveLoad() + 1 <= bound) {
        return Optional.of(node);
      }
    }
    return Optional.empty();
  }

  private static Node powerOfTwo(List<Node> candidates) {
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int first = random.nextInt(candidates.size());
    int second = random.nextInt(candidates.size() - 1);
    if (second >= first) {
      second++;
    }
    Node a = candidates.get(first);
    Node b = candidates.get(second);
    return b.effectiveLoad() < a.effectiveLoad() ? b : a;
  }

  /** Rendezvous weight of a node for a key: both hashed, then mixed. */
  static long score(long keyHash, String nodeId) {
    return mix(keyHash ^ hash64(nodeId) * 0x9E3779B97F4A7C15L);
  }

  /** FNV-1a over UTF-8 bytes, finished with a SplitMix64 mix for good high bits. */
  static long hash64(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return mix(hash);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
