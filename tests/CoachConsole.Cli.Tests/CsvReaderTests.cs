using CoachConsole.Core.Text;

namespace CoachConsole.Cli.Tests;

public class CsvReaderTests
{
    private static List<IReadOnlyList<string>> ReadAll(string csv) => [.. new CsvReader(new StringReader(csv)).ReadAll()];

    [Fact]
    public void ReadAll_PlainRecords_SplitsOnCommasAndLineEnds()
    {
        var records = ReadAll("a,b\r\n1,2\n3,4");
        Assert.Equal(3, records.Count);
        Assert.Equal(["3", "4"], records[2]);
    }

    [Fact]
    public void ReadAll_QuotedFieldWithCommaQuoteAndNewline_IsOneField()
    {
        var records = ReadAll("text,label\r\n\"one, \"\"two\"\"\r\nthree\",x\r\n");
        Assert.Equal(2, records.Count);
        Assert.Equal("one, \"two\"\r\nthree", records[1][0]);
        Assert.Equal("x", records[1][1]);
    }

    [Fact]
    public void ReadAll_EmptyFields_AreKept()
    {
        var records = ReadAll(",,\n\"\",x,");
        Assert.Equal(["", "", ""], records[0]);
        Assert.Equal(["", "x", ""], records[1]);
    }

    [Fact]
    public void ReadRecord_UnterminatedQuote_Throws()
    {
        var reader = new CsvReader(new StringReader("\"never closed"));
        Assert.Throws<FormatException>(() => reader.ReadRecord());
    }

    [Fact]
    public void ReadRecord_RecordAfterMultilineField_ReportsItsStartLine()
    {
        var reader = new CsvReader(new StringReader("a\n\"x\ny\"\nz\n"));
        reader.ReadRecord();
        reader.ReadRecord();
        reader.ReadRecord();
        Assert.Equal(4, reader.LineNumber);
    }
}
