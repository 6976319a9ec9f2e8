package com.companion.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.gateway.node.CircuitBreaker;
import com.companion.gateway.node.Node;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NodeSelectorTest {

  static List<Node> pool(int size) {
    return IntStream.range(0, size)
        .mapToObj(
            i ->
                new Node(
                    "http://10.0.0." + i + ":8085",
                    new CircuitBreaker(5, Duration.ofSeconds(10), Clock.systemUTC()),
                    3,
                    Duration.ofSeconds(30),
                    Clock.systemUTC()))
        .toList();
  }

  @Test
  void theSameRouteKeyLandsOnTheSameNodeWhileLoadIsEven() {
    List<Node> nodes = pool(4);
    NodeSelector selector = new NodeSelector(1.25);
    for (int c = 0; c < 50; c++) {
      String key = "character-" + c;
      Node first = selector.select(nodes, key, Set.of()).orElseThrow();
      for (int i = 0; i < 5; i++) {
        assertThat(selector.select(nodes, key, Set.of())).contains(first);
      }
    }
  }

  @Test
  void routeKeysSpreadOverAllNodes() {
    List<Node> nodes = pool(4);
    NodeSelector selector = new NodeSelector(1.25);
    Map<Node, Integer> counts = new HashMap<>();
    for (int c = 0; c < 400; c++) {
      counts.merge(
          selector.select(nodes, "character-" + c, Set.of()).orElseThrow(), 1, Integer::sum);
    }
    assertThat(counts).hasSize(4);
    assertThat(counts.values()).allMatch(n -> n > 60);
  }

  @Test
  void aHotKeySpillsOverWhenItsNodeIsOverTheBound() {
    List<Node> nodes = pool(2);
    NodeSelector selector = new NodeSelector(1.25);
    Node preferred = selector.select(nodes, "hot", Set.of()).orElseThrow();
    for (int i = 0; i < 4; i++) {
      preferred.tryAcquire();
    }
    Node spill = selector.select(nodes, "hot", Set.of()).orElseThrow();
    assertThat(spill).isNotEqualTo(preferred);
  }

  @Test
  void withoutAKeyTheLessLoadedOfTwoWins() {
    List<Node> nodes = pool(2);
    for (int i = 0; i < 3; i++) {
      nodes.get(0).tryAcquire();
    }
    NodeSelector selector = new NodeSelector(1.25);
    for (int i = 0; i < 20; i++) {
      assertThat(selector.select(nodes, null, Set.of())).contains(nodes.get(1));
    }
  }

  @Test
  void excludedAndEjectedNodesAreSkipped() {
    List<Node> nodes = pool(3);
    for (int i = 0; i < 3; i++) {
      nodes.get(0).recordFailure();
    }
    NodeSelector selector = new NodeSelector(1.25);
    for (int i = 0; i < 20; i++) {
      assertThat(selector.select(nodes, "k" + i, Set.of(nodes.get(1)))).contains(nodes.get(2));
    }
    assertThat(selector.select(nodes, null, Set.of(nodes.get(1), nodes.get(2)))).isEmpty();
  }
}
