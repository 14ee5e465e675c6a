import { CsvSyntaxError, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads plain and quoted fields, doubled quotes, separators and line breaks inside quotes', () => {
    const text = 'a,b,c\n1,"two, with comma","say ""hi"""\n"multi\nline",,x\n';
    expect(parseCsv(text, ',')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'two, with comma', 'say "hi"'],
      ['multi\nline', '', 'x'],
    ]);
  });

  it('accepts CRLF, a byte-order mark, a missing final newline, blank lines and another delimiter', () => {
    expect(parseCsv('\ufeffa;b\r\n\r\n1;"2;3"\r\n\n4;5', ';')).toEqual([
      ['a', 'b'],
      ['1', '2;3'],
      ['4', '5'],
    ]);
    expect(parseCsv('', ',')).toEqual([]);
    expect(parseCsv('only', ',')).toEqual([['only']]);
  });

  it('keeps rows of empty fields and ragged rows as they are (the importer decides)', () => {
    expect(parseCsv('a,b,c\n,,\n1\n', ',')).toEqual([['a', 'b', 'c'], ['', '', ''], ['1']]);
  });

  it('refuses broken quoting and says on which line', () => {
    const unclosed = () => parseCsv('a,b\n1,2\n3,"never closed\n', ',');
    expect(unclosed).toThrow(CsvSyntaxError);
    expect(unclosed).toThrow('line 3: a quoted field is never closed');
    expect(() => parseCsv('a,b\n1,"x"y\n', ',')).toThrow('line 2: unexpected text after a closing quote');
    expect(() => parseCsv('a,b\n"multi\nline",ok\n1,a"b\n', ',')).toThrow('line 4: a quote inside an unquoted field');
  });
});
