package com.companion.inference.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws the train/validation loss curve from the CSV with Java2D, plus the unigram baseline. */
public final class LossCurvePlot {

  private LossCurvePlot() {}

  public static void write(Path csv, Path png, double unigram) throws IOException {
    List<double[]> train = new ArrayList<>();
    List<double[]> val = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      double step = Double.parseDouble(f[0]);
      train.add(new double[] {step, Double.parseDouble(f[1])});
      if (!f[2].isEmpty()) {
        val.add(new double[] {step, Double.parseDouble(f[2])});
      }
    }
    int w = 900;
    int h = 540;
    int left = 70;
    int right = 30;
    int top = 40;
    int bottom = 60;
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    double maxStep = train.isEmpty() ? 1 : train.get(train.size() - 1)[0];
    double maxLoss = Math.max(unigram, 1) * 1.15;
    for (double[] p : train) {
      maxLoss = Math.max(maxLoss, Math.min(p[1], unigram * 1.6));
    }
    double minLoss = 0;
    g.setColor(new Color(0xDD, 0xDD, 0xDD));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 5; i++) {
      double loss = minLoss + (maxLoss - minLoss) * i / 5;
      int y = (int) (top + (h - top - bottom) * (1 - i / 5.0));
      g.setColor(new Color(0xDD, 0xDD, 0xDD));
      g.drawLine(left, y, w - right, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%.1f", loss), 25, y + 4);
    }
    for (int i = 0; i <= 5; i++) {
      int x = (int) (left + (w - left - right) * i / 5.0);
      g.drawString(String.format(Locale.ROOT, "%.0f", maxStep * i / 5), x - 10, h - bottom + 18);
    }
    g.drawString("step", w / 2 - 10, h - 15);
    g.drawString("loss (nats/token)", 10, 20);
    double sx = (w - left - right) / maxStep;
    double sy = (h - top - bottom) / (maxLoss - minLoss);
    g.setStroke(new BasicStroke(1.5f));
    g.setColor(new Color(0x99, 0x99, 0x99));
    int uy = (int) (top + (maxLoss - unigram) * sy);
    g.drawLine(left, uy, w - right, uy);
    g.drawString(String.format(Locale.ROOT, "unigram baseline %.3f", unigram), w - 220, uy - 6);
    drawSeries(g, train, new Color(0x44, 0x77, 0xCC), left, top, sx, sy, maxLoss);
    g.setStroke(new BasicStroke(2.5f));
    drawSeries(g, val, new Color(0xDD, 0x55, 0x22), left, top, sx, sy, maxLoss);
    g.setColor(new Color(0x44, 0x77, 0xCC));
    g.drawString("train", left + 20, top + 15);
    g.setColor(new Color(0xDD, 0x55, 0x22));
    g.drawString("validation", left + 70, top + 15);
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  private static void drawSeries(
      Graphics2D g,
      List<double[]> points,
      Color color,
      int left,
      int top,
      double sx,
      double sy,
      double maxLoss) {
    if (points.isEmpty()) {
      return;
    }
    Path2D path = new Path2D.Double();
    for (int i = 0; i < points.size(); i++) {
      double x = left + points.get(i)[0] * sx;
      double y = top + (maxLoss - Math.min(points.get(i)[1], maxLoss)) * sy;
      if (i == 0) {
        path.moveTo(x, y);
      } else {
        path.lineTo(x, y);
      }
    }
    g.setColor(color);
    g.draw(path);
  }
}
