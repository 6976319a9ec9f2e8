package com.companion.safety.evaluation;

import com.companion.safety.classifier.LabelledText;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a labelled CSV (RFC 4180 quoting, optional BOM); extra columns are ignored. */
public final class LabelledCsv {

  private LabelledCsv() {}

  public static List<LabelledText> read(Path file, DatasetFormat format) throws IOException {
    List<List<String>> rows;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      rows = parse(r);
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> header = rows.get(0);
    int text = column(header, format.textColumn(), file);
    int label = column(header, format.labelColumn(), file);
    int topic = format.topicColumn() == null ? -1 : find(header, format.topicColumn());
    List<LabelledText> out = new ArrayList<>(rows.size());
    for (int i = 1; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      if (row.size() <= Math.max(text, label) || row.get(label).isBlank()) {
        continue;
      }
      int fileLabel = (int) Double.parseDouble(row.get(label).trim());
      String rowTopic = topic >= 0 && topic < row.size() ? row.get(topic).strip() : "";
      out.add(new LabelledText(row.get(text), format.toClass(fileLabel), rowTopic));
    }
    return out;
  }

  private static int column(List<String> header, String name, Path file) throws IOException {
    int i = find(header, name);
    if (i < 0) {
      throw new IOException(file + ": no column '" + name + "' in " + header);
    }
    return i;
  }

  private static int find(List<String> header, String name) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).trim().replace("\uFEFF", "").equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  static List<List<String>> parse(Reader r) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    int c;
    while ((c = r.read()) != -1) {
      char ch = (char) c;
      any = true;
      if (quoted) {
        if (ch == '"') {
          r.mark(1);
          int next = r.read();
          if (next == '"') {
            field.append('"');
          } else {
            quoted = false;
            if (next == -1) {
              break;
            }
            r.reset();
          }
        } else {
          field.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (ch == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        any = false;
      } else if (ch != '\r') {
        field.append(ch);
      }
    }
    if (any || field.length() > 0 || !row.isEmpty()) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
