package dev.quire.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

import dev.quire.bench.load.Measurement;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** One PNG bar chart of a measurement field per point (rendered headless). */
public final class BarChart {

    private BarChart() {
    }

    public static void write(Path png, String title, String valueAxis, List<Measurement> rows, ToDoubleFunction<Measurement> field) throws IOException {
        System.setProperty("java.awt.headless", "true");
        // Groups by load (x axis), one coloured bar per scenario (legend), so on/off stand side by side.
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Measurement m : rows) {
            data.addValue(field.applyAsDouble(m), m.label(), m.mode());
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, valueAxis, data, PlotOrientation.VERTICAL, true, false, false);
        chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        Files.createDirectories(png.toAbsolutePath().getParent());
        try {
            ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 650);
        } catch (RuntimeException | LinkageError e) {
            // A machine without fonts or font libraries (a bare GPU image) can still measure: the table keeps the numbers.
            System.err.println("chart " + png.getFileName() + " not written (text rendering failed: " + e + "); the table has the numbers");
        }
    }
}
