package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.nlp.CategoryModel;
import io.shaozi.nlp.Dataset;
import io.shaozi.nlp.NlpSettings;
import io.shaozi.nlp.Split;
import io.shaozi.nlp.TextAnalyzer;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new model file is put into service without a restart; a broken file leaves the current model in place. */
class ModelReloaderTest {

    @TempDir
    Path dir;

    @Test
    void changedModelFile_isLoadedAndEveryAnalysisRecordsTheNewVersion() throws Exception {
        Path file = dir.resolve("model.bin.gz");
        try (InputStream in = CategoryModel.class.getResourceAsStream(CategoryModel.DEFAULT_RESOURCE)) {
            Files.copy(in, file);
        }
        TextAnalyzer nlp = TextAnalyzer.load(new NlpSettings(Optional.of(file), Optional.empty(), 0.45));
        String shipped = nlp.modelVersion();
        assertThat(nlp.analyze("楼道灯坏了").modelVersion()).isEqualTo(shipped);
        ModelReloader reloader = new ModelReloader(nlp, file);
        assertThat(reloader.check()).as("unchanged file").isFalse();

        // a tiny model trained here: every text is 环境保护
        List<Dataset.Example> rows = new ArrayList<>();
        for (String label : CategoryModel.CATEGORIES) {
            for (int i = 0; i < 6; i++) {
                rows.add(new Dataset.Example(label, label + "问题第" + i + "次反映", "t", i));
            }
        }
        Path next = dir.resolve("next.bin.gz");
        CategoryModel.train(Split.rows(rows), CategoryModel.TrainOptions.defaults(),
                new PrintStream(PrintStream.nullOutputStream())).save(next);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
        assertThat(reloader.check()).isTrue();
        String trained = CategoryModel.load(file).version();
        assertThat(trained).isNotEqualTo(shipped);
        assertThat(nlp.modelVersion()).isEqualTo(trained);
        assertThat(nlp.analyze("楼道灯坏了").modelVersion()).isEqualTo(trained);

        Files.writeString(file, "not a model");
        assertThat(reloader.check()).as("a broken file is not loaded").isFalse();
        assertThat(nlp.modelVersion()).isEqualTo(trained);
        assertThat(nlp.analyze("楼道灯坏了").category().label()).isNotBlank();
    }
}
