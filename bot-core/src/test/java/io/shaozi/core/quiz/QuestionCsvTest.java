package io.shaozi.core.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The question CSV rules, one by one, and the shipped sample bank. */
class QuestionCsvTest {
    static final String HEADER = "id,type,stem,A,B,C,D,answer,explanation,category\n";

    static QuestionCsv.Result parse(String text) {
        return QuestionCsv.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    static List<Question> ok(String text) {
        QuestionCsv.Result r = parse(text);
        assertThat(r).as(r.toString()).isInstanceOf(QuestionCsv.Result.Parsed.class);
        return ((QuestionCsv.Result.Parsed) r).questions();
    }

    static List<String> errors(String text) {
        QuestionCsv.Result r = parse(text);
        assertThat(r).as(r.toString()).isInstanceOf(QuestionCsv.Result.Invalid.class);
        return ((QuestionCsv.Result.Invalid) r).errors().stream().map(CsvError::toString).toList();
    }

    @Test
    void parse_readsEachTypeWithBomAndOptionalColumns() {
        List<Question> qs = ok("\uFEFFid,type,stem,A,B,C,D,answer,explanation,category,paraphrases,validUntil\n"
                + "q1,single,预备期多久？,半年,一年,,,b,依据《党章》第七条,党章党规,预备期是多长？|预备期几年？,2027-12-31\n"
                + "q2,multi,\"哪些，对？\",甲,乙,丙,丁,\"C, A\",,党章党规,,\n"
                + "q3,judge,党员有退党的自由。,,,,,A,,党章党规,,\n");
        assertThat(qs).hasSize(3);
        assertThat(qs.get(0).answer()).isEqualTo("B");
        assertThat(qs.get(0).options()).containsExactly("半年", "一年");
        assertThat(qs.get(0).paraphrases()).containsExactly("预备期是多长？", "预备期几年？");
        assertThat(qs.get(0).validUntil()).contains(LocalDate.of(2027, 12, 31));
        assertThat(qs.get(1).stem()).isEqualTo("哪些，对？");
        assertThat(qs.get(1).answer()).isEqualTo("AC");
        assertThat(qs.get(2).options()).containsExactly("对", "错");
        assertThat(qs.get(2).validUntil()).isEqualTo(Optional.empty());
    }

    @Test
    void answerOutsideTheOptions_isRefusedNamingLineAndLetter() {
        assertThat(errors(HEADER + "q1,single,题,a,b,c,d,A,,类\n\n\n\n\nq2,single,题,a,b,c,d,E,,类\n"))
                .containsExactly("line 7: answer \"E\" is not one of the options A-D");
        assertThat(errors(HEADER + "q1,single,题,a,b,,,C,,类\n"))
                .containsExactly("line 2: answer \"C\" is not one of the options A-B");
    }

    @Test
    void single_needsExactlyOneLetter_multiAtLeastTwo() {
        assertThat(errors(HEADER + "q1,single,题,a,b,c,,AB,,类\n")).singleElement().asString()
                .contains("line 2").contains("exactly one letter");
        assertThat(errors(HEADER + "q1,multi,题,a,b,c,,A,,类\n")).singleElement().asString()
                .contains("at least 2 letters");
        assertThat(errors(HEADER + "q1,multi,题,a,b,,,AB,,类\n")).singleElement().asString()
                .contains("at least 3 options");
        assertThat(errors(HEADER + "q1,single,题,a,b,c,,AA,,类\n")).singleElement().asString()
                .contains("given twice");
    }

    @Test
    void judge_takesOnly对错OrNoOptions() {
        assertThat(ok(HEADER + "q1,judge,题,对,错,,,B,,类\n").get(0).answer()).isEqualTo("B");
        assertThat(errors(HEADER + "q1,judge,题,是,否,,,A,,类\n")).singleElement().asString()
                .contains("A=对, B=错");
        assertThat(errors(HEADER + "q1,judge,题,对,错,也许,,A,,类\n")).singleElement().asString()
                .contains("A=对, B=错");
        assertThat(errors(HEADER + "q1,judge,题,,,,,C,,类\n")).singleElement().asString()
                .contains("answer \"C\" is not one of the options A-B");
    }

    @Test
    void optionsWithAGap_unknownType_missingFields_areRefused() {
        assertThat(errors(HEADER + "q1,single,题,a,,c,,A,,类\n")).singleElement().asString().contains("without gaps");
        assertThat(errors(HEADER + "q1,essay,题,a,b,,,A,,类\n")).singleElement().asString()
                .contains("type \"essay\" is not single, multi or judge");
        assertThat(errors(HEADER + ",single,,a,b,,,,,\n")).containsExactlyInAnyOrder("line 2: id: required",
                "line 2: stem: required", "line 2: category: required",
                "line 2: answer: required (letters such as B or AC)");
    }

    @Test
    void lengthsAreCapped_perColumn() {
        String stem = "题".repeat(501);
        String opt = "选".repeat(201);
        String expl = "释".repeat(1001);
        String cat = "类".repeat(41);
        assertThat(errors(HEADER + "q1,single," + stem + "," + opt + ",b,,,A," + expl + "," + cat + "\n"))
                .containsExactlyInAnyOrder("line 2: stem: too long (501 characters, at most 500)",
                        "line 2: A: too long (201 characters, at most 200)",
                        "line 2: explanation: too long (1001 characters, at most 1000)",
                        "line 2: category: too long (41 characters, at most 40)");
        assertThat(ok(HEADER + "q1,single," + "题".repeat(500) + "," + "选".repeat(200) + ",b,,,A,"
                + "释".repeat(1000) + "," + "类".repeat(40) + "\n")).hasSize(1);
    }

    @Test
    void controlCharacters_areRefused_evenInsideQuotes() {
        assertThat(errors(HEADER + "q1,single,\"第一行\n第二行\",a,b,,,A,,类\n")).singleElement().asString()
                .contains("line 2").contains("stem: control character");
        assertThat(errors(HEADER + "q1,single,题\u0007,a,b,,,A,,类\n")).singleElement().asString()
                .contains("control character");
    }

    @Test
    void duplicateIds_badIds_badDates_emptyParaphrases_areRefused() {
        assertThat(errors(HEADER + "q1,single,题,a,b,,,A,,类\nq1,single,题二,a,b,,,B,,类\n"))
                .containsExactly("line 3: duplicate id q1 in this file");
        assertThat(errors(HEADER + "a/b,single,题,a,b,,,A,,类\n")).singleElement().asString().contains("id \"a/b\"");
        assertThat(errors("id,type,stem,A,B,C,D,answer,explanation,category,validUntil\n"
                + "q1,single,题,a,b,,,A,,类,2027-13-01\n")).singleElement().asString().contains("validUntil");
        assertThat(errors("id,type,stem,A,B,C,D,answer,explanation,category,paraphrases\n"
                + "q1,single,题,a,b,,,A,,类,说法一||说法二\n")).singleElement().asString().contains("paraphrases");
    }

    @Test
    void header_isRequired_andChecked() {
        assertThat(errors("")).singleElement().asString().contains("header line required");
        assertThat(errors("id,type,stem\nq1,single,题\n")).anyMatch(e -> e.contains("required column A missing"));
        assertThat(errors(HEADER.replace("category", "category,extra"))).singleElement().asString()
                .contains("unknown column \"extra\"");
        assertThat(errors(HEADER + "q1,single,题,a,b,,,A,,类,多余\n")).singleElement().asString()
                .contains("more fields");
    }

    @Test
    void formulaCharacters_areData_storedAsWritten() {
        Question q = ok(HEADER + "q1,single,=1+1,+2,-3,@4,\"=HYPERLINK(\"\"x\"\")\",A,-解释,类\n").get(0);
        assertThat(q.stem()).isEqualTo("=1+1");
        assertThat(q.options()).containsExactly("+2", "-3", "@4", "=HYPERLINK(\"x\")");
        assertThat(q.explanation()).isEqualTo("-解释");
    }

    @Test
    void notUtf8_isRefusedWithItsLine() {
        byte[] b = (HEADER + "q1,single,题,a,b,,,A,,类\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(b, b.length + 2);
        bad[b.length] = (byte) 0xC3;
        bad[b.length + 1] = (byte) 0x28;
        QuestionCsv.Result r = QuestionCsv.parse(bad);
        assertThat(r).isInstanceOf(QuestionCsv.Result.Invalid.class);
        assertThat(((QuestionCsv.Result.Invalid) r).errors().get(0).line()).isEqualTo(3);
    }

    @Test
    void shippedBank_parses_withAtLeast60Questions_4Categories_everyExplanationCitingADocument() {
        QuestionCsv.Result r = QuestionCsv.parse(QuestionBank.sampleBytes());
        assertThat(r).as(r.toString()).isInstanceOf(QuestionCsv.Result.Parsed.class);
        List<Question> qs = ((QuestionCsv.Result.Parsed) r).questions();
        assertThat(qs).hasSizeGreaterThanOrEqualTo(60);
        assertThat(qs.stream().map(Question::category).collect(Collectors.toSet())).hasSizeGreaterThanOrEqualTo(4);
        assertThat(qs).allSatisfy(q -> assertThat(q.explanation()).as(q.id()).contains("《").contains("》")
                .startsWith("依据"));
        assertThat(qs.stream().map(Question::type).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(QuestionType.values());
    }
}
