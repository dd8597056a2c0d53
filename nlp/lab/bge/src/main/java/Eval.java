import io.shaozi.nlp.*;
import java.nio.file.*;
import java.util.*;
/** Trains softmax regression on the cached embeddings of the 80% side and scores the held-out split, blended with the shipped model. Usage: Eval CACHE_FILE [L2] */
public class Eval {
  static final String DATA = Embed.DATA;
  static List<String> L = CategoryModel.CATEGORIES; static int K = L.size(), D = 512;
  static Map<String,float[]> E;
  static float[] emb(String t) { return E.get(Embed.key(t)); }
  public static void main(String[] a) throws Exception {
    E = Embed.load(Path.of(a[0]));
    List<Dataset.Example> ex = new ArrayList<>();
    for (String f : new String[]{DATA + "/govmsg_train.csv", DATA + "/govmsg_train_with_subject.csv"}) ex.addAll(Dataset.read(Path.of(f), L));
    Split.Result sp = Split.split(Split.rows(ex), Split.HOLDOUT_FRACTION, Split.DEFAULT_SEED);
    double lambda = Double.parseDouble(a.length > 1 ? a[1] : "1e-4");
    // training set
    List<float[]> X = new ArrayList<>(); List<Integer> Y = new ArrayList<>(); List<Double> W = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Split.Row r : sp.train()) {
      int y = L.indexOf(r.example().label());
      if (seen.add(r.body()) && emb(r.body()) != null) { X.add(emb(r.body())); Y.add(y); W.add(1.0); }
      String fs = ShortText.firstSentence(r.body());
      if (!fs.isBlank() && emb(fs) != null && seen.add("#" + fs)) { X.add(emb(fs)); Y.add(y); W.add(0.5); }
      r.subject().ifPresent(s -> { if (emb(s) != null) { X.add(emb(s)); Y.add(y); W.add(0.5); } });
    }
    System.out.println("train n=" + X.size());
    double[][] w = train(X, Y, W, lambda);
    CategoryModel cm = CategoryModel.loadDefault();
    // full
    List<String> gold = new ArrayList<>(); List<double[]> pb = new ArrayList<>(), pm = new ArrayList<>();
    for (Split.Row r : sp.holdout()) { float[] v = emb(r.body()); if (v == null) continue; gold.add(r.example().label()); pb.add(prob(w, v)); pm.add(cm.probabilities(r.example().text())); }
    report("full", gold, pb, pm);
    gold = new ArrayList<>(); pb = new ArrayList<>(); pm = new ArrayList<>();
    for (Dataset.Example e : Split.shortTexts(sp.holdout())) { float[] v = emb(e.text()); if (v == null) continue; gold.add(e.label()); pb.add(prob(w, v)); pm.add(cm.probabilities(e.text())); }
    report("short", gold, pb, pm);
  }
  static void report(String name, List<String> gold, List<double[]> pb, List<double[]> pm) {
    for (double al : new double[]{0, 0.3, 0.5, 0.7, 1}) {
      List<String> pred = new ArrayList<>();
      for (int i = 0; i < gold.size(); i++) { double[] p = new double[K]; for (int k=0;k<K;k++) p[k] = al*pb.get(i)[k] + (1-al)*pm.get(i)[k]; pred.add(L.get(argmax(p))); }
      Evaluation ev = Evaluation.of(L, gold, pred);
      System.out.printf("%s n=%d bgeWeight=%.1f %s%n", name, gold.size(), al, ev.firstLine());
    }
  }
  static int argmax(double[] p){int b=0;for(int i=1;i<p.length;i++)if(p[i]>p[b])b=i;return b;}
  static double[] prob(double[][] w, float[] x) { double[] z = new double[K]; for (int k=0;k<K;k++){double s=w[k][D];for(int j=0;j<D;j++)s+=w[k][j]*x[j];z[k]=s;} double m=Arrays.stream(z).max().getAsDouble(),t=0; for(int k=0;k<K;k++){z[k]=Math.exp(z[k]-m);t+=z[k];} for(int k=0;k<K;k++)z[k]/=t; return z; }
  static double[][] train(List<float[]> X, List<Integer> Y, List<Double> W, double lambda) {
    int n = X.size(); double[][] w = new double[K][D+1]; double[][] m1 = new double[K][D+1], m2 = new double[K][D+1];
    double lr = 0.01, b1=0.9, b2=0.999; double wsum = W.stream().mapToDouble(d->d).sum();
    for (int it = 1; it <= 600; it++) {
      double[][] g = new double[K][D+1]; double loss = 0;
      for (int i = 0; i < n; i++) { float[] x = X.get(i); double[] p = prob(w, x); double wi = W.get(i)/wsum; loss -= wi*Math.log(p[Y.get(i)]+1e-12);
        for (int k=0;k<K;k++){ double d = wi*(p[k] - (k==Y.get(i)?1:0)); if (d==0) continue; for(int j=0;j<D;j++) g[k][j]+=d*x[j]; g[k][D]+=d; } }
      for (int k=0;k<K;k++) for (int j=0;j<=D;j++) { if (j<D) g[k][j]+=lambda*w[k][j]; m1[k][j]=b1*m1[k][j]+(1-b1)*g[k][j]; m2[k][j]=b2*m2[k][j]+(1-b2)*g[k][j]*g[k][j]; double mh=m1[k][j]/(1-Math.pow(b1,it)), vh=m2[k][j]/(1-Math.pow(b2,it)); w[k][j]-=lr*mh/(Math.sqrt(vh)+1e-8); }
      if (it % 200 == 0) System.out.println("it " + it + " loss " + loss);
    }
    return w;
  }
}
