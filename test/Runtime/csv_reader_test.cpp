// csv_reader_test.cpp — numeric CSV loading: header detection, label column by name or index, and bad files.
#include "test_util.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace lepton::test;

namespace {

const int64_t kThree[] = {3};

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

lepton_dataset *load(const std::string &path, const char *labelName, int32_t labelIndex, int32_t flags = 0,
                     int32_t classes = 3, int64_t limit = 0, const int64_t *shape = kThree, int32_t rank = 1) {
  return lepton_dataset_load_csv(path.c_str(), shape, rank, classes, 1, labelName, labelIndex, flags, limit);
}

/// Expects a load to fail with code 2 and returns the message (which must name the file).
std::string loadFails(const std::string &path, const char *labelName, int32_t labelIndex, int32_t flags = 0,
                      int32_t classes = 3, const int64_t *shape = kThree, int32_t rank = 1) {
  ErrorCapture errors;
  lepton_dataset *ds = load(path, labelName, labelIndex, flags, classes, 0, shape, rank);
  EXPECT_EQ(ds, nullptr);
  lepton_dataset_free(ds);
  EXPECT_EQ(errors.count(), 1);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INPUT);
  EXPECT_HAS(errors.lastMessage(), path);
  return errors.lastMessage();
}

} // namespace

TEST(Csv, HeaderDetectedLabelByName) {
  TempDir dir;
  std::string p = dir.write("iris.csv", std::string("sepal_len,species,sepal_wid,petal\n"
                                                    "5.1,0,3.5,1.4\n"
                                                    "4.9,2,3.0,-1.4e1\n"
                                                    "+6,1,.5,7\n"));
  lepton_dataset *ds = load(p, "species", -1);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_count(ds), 3);
  EXPECT_EQ(lepton_dataset_sample_size(ds), 3);
  const float *x = lepton_dataset_features(ds);
  EXPECT_EQ(x[0], 5.1f);
  EXPECT_EQ(x[2], 1.4f);
  EXPECT_EQ(x[5], -14.0f);
  EXPECT_EQ(x[6], 6.0f);
  EXPECT_EQ(x[7], 0.5f);
  EXPECT_EQ(lepton_dataset_labels(ds)[1], 2);
  lepton_dataset_free(ds);
}

TEST(Csv, NoHeaderLabelByIndexCrlfBlankLinesQuotes) {
  TempDir dir;
  std::string p = dir.write("d.csv", std::string("\xEF\xBB\xBF" "1, 2 ,3,2\r\n\r\n  \n\"4\",\"5.5\", 6 ,\"1\"\r\n"));
  lepton_dataset *ds = load(p, nullptr, 3);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_count(ds), 2);
  EXPECT_EQ(lepton_dataset_features(ds)[1], 2.0f);
  EXPECT_EQ(lepton_dataset_features(ds)[4], 5.5f);
  EXPECT_EQ(lepton_dataset_labels(ds)[0], 2);
  EXPECT_EQ(lepton_dataset_labels(ds)[1], 1);
  lepton_dataset_free(ds);
  // The same with the label first and an explicit "no header".
  std::string q = dir.write("e.csv", std::string("2,1,2,3\n0,4,5,6"));
  ds = load(q, nullptr, 0, LEPTON_CSV_NO_HEADER);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_features(ds)[3], 4.0f);
  EXPECT_EQ(lepton_dataset_labels(ds)[1], 0);
  lepton_dataset_free(ds);
}

TEST(Csv, ExplicitHeaderEvenIfNumeric) {
  TempDir dir;
  std::string p = dir.write("d.csv", std::string("1,2,3,4\n1,2,3,0\n"));
  lepton_dataset *ds = load(p, "4", -1, LEPTON_CSV_HEADER);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_count(ds), 1);
  lepton_dataset_free(ds);
}

TEST(Csv, QuotedHeaderNamesWithCommas) {
  TempDir dir;
  std::string p = dir.write("d.csv", std::string("\"a,b\",\"say \"\"hi\"\"\",c,d\n1,2,3,1\n"));
  lepton_dataset *ds = load(p, "say \"hi\"", -1);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_labels(ds)[0], 2);
  lepton_dataset_free(ds);
}

TEST(Csv, NoLabelColumnForPredictInput) {
  TempDir dir;
  std::string p = dir.write("in.csv", std::string("a,b,c\n1,2,3\n4,5,6\n"));
  lepton_dataset *ds = load(p, nullptr, -1);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_has_labels(ds), 0);
  EXPECT_EQ(lepton_dataset_labels(ds), nullptr);
  EXPECT_EQ(lepton_dataset_features(ds)[5], 6.0f);
  lepton_dataset_free(ds);
}

TEST(Csv, RegressionTargets) {
  TempDir dir;
  std::string p = dir.write("r.csv", std::string("x1,x2,x3,y\n1,2,3,0.25\n4,5,6,-7.5\n"));
  lepton_dataset *ds = load(p, "y", -1, 0, 0);
  ASSERT_NE(ds, nullptr);
  ASSERT_NE(lepton_dataset_targets(ds), nullptr);
  EXPECT_EQ(lepton_dataset_targets(ds)[1], -7.5f);
  lepton_dataset_free(ds);
}

TEST(Csv, MissingValuesAllowedBecomeNaN) {
  TempDir dir;
  std::string p = dir.write("m.csv", std::string("a,b,c,label\n1,,NA,0\n?,2,3,1\n"));
  lepton_dataset *ds = load(p, "label", -1, LEPTON_CSV_ALLOW_MISSING);
  ASSERT_NE(ds, nullptr);
  EXPECT_TRUE(std::isnan(lepton_dataset_features(ds)[1]));
  EXPECT_TRUE(std::isnan(lepton_dataset_features(ds)[2]));
  EXPECT_TRUE(std::isnan(lepton_dataset_features(ds)[3]));
  EXPECT_EQ(lepton_dataset_features(ds)[4], 2.0f);
  lepton_dataset_free(ds);
  std::string msg = loadFails(p, "label", -1);
  EXPECT_HAS(msg, ":2: column 2 ('b'): '' is a missing value");
}

TEST(Csv, Limit) {
  TempDir dir;
  std::string p = dir.write("d.csv", std::string("1,2,3,0\n4,5,6,1\n7,8,9,2\nbad\n"));
  lepton_dataset *ds = load(p, nullptr, 3, 0, 3, 2);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_count(ds), 2);
  lepton_dataset_free(ds);
}

TEST(Csv, Gzipped) {
  TempDir dir;
  std::string text = "a,b,c,y\n1,2,3,1\n";
  std::string p = dir.write("d.csv.gz", gzip(Bytes(text.begin(), text.end())));
  lepton_dataset *ds = load(p, "y", -1);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_labels(ds)[0], 1);
  lepton_dataset_free(ds);
}

TEST(Csv, GzipDetectedByContentAndInPredictInput) {
  TempDir dir;
  ErrorCapture errors;
  std::string text = "a,b,c\n1,2,3\n4,5,6\n";
  // Named like a plain CSV: the magic bytes decide.
  std::string p = dir.write("d.csv", gzip(Bytes(text.begin(), text.end())));
  lepton_dataset *ds = load(p, nullptr, -1);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_count(ds), 2);
  EXPECT_EQ(lepton_dataset_features(ds)[5], 6.0f);
  lepton_dataset_free(ds);
  // predict's reader takes .csv.gz as CSV (not IDX).
  std::string q = dir.write("in.csv.gz", gzip(Bytes(text.begin(), text.end())));
  ds = lepton_dataset_load_samples(q.c_str(), kThree, 1);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_count(ds), 2);
  EXPECT_EQ(lepton_dataset_features(ds)[3], 4.0f);
  lepton_dataset_free(ds);
  EXPECT_EQ(errors.count(), 0) << errors.lastMessage();
}

TEST(CsvErrors, HeaderWithFewerFieldsThanItsRows) {
  TempDir dir;
  const int64_t two[] = {2};
  // The header names 3 columns (2 features and the label), as declared; the first row has 4 fields.
  std::string p = dir.write("d.csv", std::string("a,b,y\n1,2,3,0\n"));
  EXPECT_EQ(loadFails(p, "y", -1, 0, 3, two), p + ":2: expected 3 columns (as on line 1), found 4");
  // A later row with one field more than the header.
  std::string q = dir.write("q.csv", std::string("a,b,y\n1,2,0\n1,2,0\n1,2,3,0\n"));
  EXPECT_EQ(loadFails(q, "y", -1, 0, 3, two), q + ":4: expected 3 columns (as on line 1), found 4");
  // Declared for the rows' width, the short header is the error, on its own line.
  std::string r = dir.write("r.csv", std::string("a,b,y\n1,2,3,0\n"));
  EXPECT_EQ(loadFails(r, "y", -1), r + ":1: 2 feature columns (3 columns minus the label) but the dataset declares "
                                       "shape [3] (3 values)");
}

TEST(CsvErrors, NotANumberNamesLineAndColumn) {
  TempDir dir;
  std::string p = dir.write("d.csv", std::string("a,b,c,y\n1,2,3,0\n\n1,abc,3,0\n"));
  EXPECT_HAS(loadFails(p, "y", -1), "d.csv:4: column 2 ('b'): 'abc' is not a number");
  std::string q = dir.write("q.csv", std::string("1,2,3,0\n1,2,3x,0\n"));
  EXPECT_HAS(loadFails(q, nullptr, 3, LEPTON_CSV_NO_HEADER), "q.csv:2: column 3: '3x' is not a number");
  std::string inf = dir.write("inf.csv", std::string("1,2,1e39,0\n"));
  EXPECT_HAS(loadFails(inf, nullptr, 3), "'1e39' is not a finite float");
}

TEST(CsvErrors, WrongColumnCount) {
  TempDir dir;
  std::string p = dir.write("d.csv", std::string("a,b,c,y\n1,2,3,0\n1,2,0\n"));
  EXPECT_HAS(loadFails(p, "y", -1), "d.csv:3: expected 4 columns (as on line 1), found 3");
}

TEST(CsvErrors, BadLabels) {
  TempDir dir;
  std::string p = dir.write("d.csv", std::string("a,b,c,y\n1,2,3,3\n"));
  EXPECT_HAS(loadFails(p, "y", -1), "d.csv:2: column 4 ('y'): label '3' is not a class index in 0..2");
  std::string q = dir.write("q.csv", std::string("a,b,c,y\n1,2,3,1.5\n"));
  EXPECT_HAS(loadFails(q, "y", -1), "label '1.5' is not a class index");
  std::string r = dir.write("r.csv", std::string("a,b,c,y\n1,2,3,\n"));
  EXPECT_HAS(loadFails(r, "y", -1, LEPTON_CSV_ALLOW_MISSING), "is a missing value (the label)");
}

TEST(CsvErrors, LabelColumnNotFound) {
  TempDir dir;
  std::string p = dir.write("d.csv", std::string("a,b,c,y\n1,2,3,0\n"));
  EXPECT_HAS(loadFails(p, "label", -1), "d.csv:1: no column named 'label' in the header (columns: 'a, b, c, y')");
  std::string n = dir.write("n.csv", std::string("1,2,3,0\n"));
  EXPECT_HAS(loadFails(n, "y", -1), "named 'y' but the file has no header line");
  EXPECT_HAS(loadFails(n, nullptr, 4), "label column index 4 is out of range: the file has 4 columns");
  std::string d = dir.write("dup.csv", std::string("y,b,c,y\n1,2,3,0\n"));
  EXPECT_HAS(loadFails(d, "y", -1), "two columns named 'y' (columns 1 and 4)");
}

TEST(CsvErrors, FeatureCountMismatch) {
  TempDir dir;
  std::string p = dir.write("d.csv", std::string("a,b,y\n1,2,0\n"));
  EXPECT_HAS(loadFails(p, "y", -1), "d.csv:1: 2 feature columns (3 columns minus the label) but the dataset declares "
                                    "shape [3] (3 values)");
}

TEST(CsvErrors, EmptyHeaderOnlyAndBadQuotes) {
  TempDir dir;
  std::string e = dir.write("e.csv", std::string("\n \n"));
  EXPECT_HAS(loadFails(e, nullptr, 3), "no data");
  std::string h = dir.write("h.csv", std::string("a,b,c,y\n"));
  EXPECT_HAS(loadFails(h, "y", -1), "no data rows (only a header)");
  std::string q = dir.write("q.csv", std::string("a,b,c,y\n1,\"2,3,0\n"));
  EXPECT_HAS(loadFails(q, "y", -1), "q.csv:2: column 2: quoted field is never closed");
  std::string r = dir.write("r.csv", std::string("a,b,c,y\n1,\"2\"x,3,0\n"));
  EXPECT_HAS(loadFails(r, "y", -1), "r.csv:2: column 2: unexpected 'x' after a closing quote");
  std::string nul = dir.write("nul.csv", Bytes{'1', ',', 0, ',', '3', ',', '0', '\n'});
  EXPECT_HAS(loadFails(nul, nullptr, 3, LEPTON_CSV_NO_HEADER), "nul.csv:1: column 2: '\\x00' is not a number");
}

TEST(CsvErrors, MissingFile) {
  TempDir dir;
  EXPECT_HAS(loadFails(dir.path("absent.csv"), "y", -1), "cannot open");
}
