import dev.langchain4j.model.embedding.onnx.bgesmallzhv15.BgeSmallZhV15EmbeddingModel;
import io.shaozi.nlp.*;
import java.io.*;
import java.nio.file.*;
import java.util.*;
/** Embeds every subject, first sentence and body (first 700 characters) of the training files; appends to a resumable cache. Usage: Embed CACHE_FILE */
public class Embed {
  static final String DATA = System.getProperty("shaozi.data", "../../../../shared/data");
  public static void main(String[] a) throws Exception {
    List<Dataset.Example> ex = new ArrayList<>();
    for (String f : new String[]{DATA + "/govmsg_train.csv", DATA + "/govmsg_train_with_subject.csv"}) ex.addAll(Dataset.read(Path.of(f), CategoryModel.CATEGORIES));
    List<Split.Row> rows = Split.rows(ex);
    LinkedHashSet<String> texts = new LinkedHashSet<>();
    // short first so a partial run is useful
    for (Split.Row r : rows) { r.subject().ifPresent(texts::add); String fs = ShortText.firstSentence(r.body()); if (!fs.isBlank()) texts.add(fs); }
    for (Split.Row r : rows) { texts.add(r.body()); }
    System.out.println("texts " + texts.size());
    Path out = Path.of(a[0]);
    Map<String,float[]> done = load(out);
    var m = new BgeSmallZhV15EmbeddingModel();
    try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(out.toFile(), true)))) {
      int i = 0; long t0 = System.nanoTime();
      for (String t : texts) {
        i++;
        if (done.containsKey(key(t))) continue;
        String in = t.length() > 700 ? t.substring(0, 700) : t;
        float[] v = m.embed(in).content().vector();
        o.writeUTF(key(t)); for (float f : v) o.writeFloat(f);
        if (i % 500 == 0) { o.flush(); System.out.println(i + " " + (System.nanoTime()-t0)/1e9 + " s"); }
      }
    }
  }
  static String key(String t) { return t.length() > 15000 ? t.substring(0, 15000) : t; }
  static Map<String,float[]> load(Path p) throws IOException {
    Map<String,float[]> m = new HashMap<>();
    if (!Files.exists(p)) return m;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(p.toFile())))) {
      while (true) { String t; try { t = in.readUTF(); } catch (EOFException e) { break; } float[] v = new float[512]; try { for (int i=0;i<512;i++) v[i]=in.readFloat(); } catch (EOFException e) { break; } m.put(t, v); }
    }
    return m;
  }
}
