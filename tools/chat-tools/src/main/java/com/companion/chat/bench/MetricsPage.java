package com.companion.chat.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A Prometheus text page: each series, as written (its name and labels), and its value. */
final class MetricsPage {

  private MetricsPage() {}

  /** The page at {@code url}, or an empty one when it cannot be read. */
  static Map<String, Double> read(HttpClient http, String url) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? parse(response.body()) : Map.of();
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  static Map<String, Double> parse(String text) {
    Map<String, Double> series = new HashMap<>();
    for (String line : text.split("\n")) {
      int space = line.lastIndexOf(' ');
      if (line.isBlank() || line.startsWith("#") || space < 0) {
        continue;
      }
      try {
        series.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1)));
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
    return series;
  }

  /** The sum of the series named {@code name}, whatever their labels; 0 when there is none. */
  static double sum(Map<String, Double> page, String name) {
    double total = 0;
    for (Map.Entry<String, Double> e : page.entrySet()) {
      if (e.getKey().equals(name) || e.getKey().startsWith(name + "{")) {
        total += e.getValue();
      }
    }
    return total;
  }
}
