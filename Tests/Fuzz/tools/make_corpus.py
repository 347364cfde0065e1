#!/usr/bin/env python3
"""Writes the seed corpus of Tests/Fuzz/corpus/ (run from the repository root).

Each seed is a small awkward file with the option bytes its target reads first (see the
target sources in Tests/Fuzz/Targets/). Run again after changing a seed here; the files are
checked in, so the fuzz runner needs no Python.
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "corpus"))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

# csv-reader option byte: bits 0-2 delimiter (0 , 1 ; 2 tab 3 | 4 sniff), bit 3 lenient,
# bits 4-5 encoding (0 utf-8, 1 latin1, 2 windows-1252).
COMMA, SEMI, TAB, PIPE, SNIFF = 0, 1, 2, 3, 4
LENIENT = 8
LATIN1, CP1252 = 0x10, 0x20


def csv_reader():
    seeds = {
        "bom-quoted-header": (SNIFF, 0, b'\xef\xbb\xbf"client_id","invoice_date","amount"\r\n"C1","2024-03-05","1,234.50"\r\n"C2","2024-03-06","-12.00"\r\n'),
        "sep-line": (SNIFF, 3, b'sep=;\r\nclient;date;amount\r\nC1;05/03/2024;1.234,50\r\nC2;06/03/2024;"12,5"\r\n'),
        "sep-line-given": (COMMA, 1, b'SEP=|\nA,B\n1,2\n'),
        "line-ending-mix": (COMMA, 0, b'a,b\rc,d\r\ne,f\ng,h\r\r\n\ni,j'),
        "cr-only": (SNIFF, 5, b'x;y;z\r1;2;3\r4;5;6\r'),
        "embedded-quotes-newlines": (COMMA, 9, b'id,note\n1,"He said ""hi""\nand left"\n2,"x,y"\n3,""\n4,"a\r\nb"\n'),
        "invalid-utf8": (COMMA, 0, b'name,city\nJos\xe9,K\xf6ln\nok,\xc3\xa9\n\xed\xa0\x80,x\n'),
        "latin1": (COMMA | LATIN1, 2, b'name,city\nJos\xe9,K\xf6ln\n\xa0,\xff\n'),
        "windows-1252-excel": (SEMI | CP1252, 7, b'Client;Betrag;Datum\r\nM\xfcller GmbH;\x80 1.234,50;05.03.2024\r\n\x93quoted\x94;\x801;\r\n;;\r\n;;\r\n'),
        "nul-bytes": (COMMA, 0, b'a,b\n1,\x002\n3,4\n"\x00",5\n'),
        "utf16-bom": (SNIFF, 0, b'\xff\xfea\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00'),
        "long-field": (COMMA, 0, b'id,text\n1,' + b'x' * 3000 + b'\n2,"' + b'y' * 2000 + b'\n' + b'y' * 100 + b'"\n'),
        "many-columns": (SNIFF, 0, b','.join(b'c%d' % i for i in range(300)) + b'\n' + b','.join(b'%d' % i for i in range(300)) + b'\n'),
        "empty": (COMMA, 0, b''),
        "only-bom": (SNIFF, 0, b'\xef\xbb\xbf'),
        "blank-lines": (COMMA, 0, b'\n\r\n\ra,b\n\n\n1,2\n   \n'),
        "header-only": (SNIFF, 0, b'a,b,c\n'),
        "header-only-no-newline": (TAB, 0, b'a\tb\tc'),
        "lenient-stray-quotes": (COMMA | LENIENT, 4, b'a,b\n1,x"y\n"ab"cd,2\n"ab"c"d,3\n"open,4\n'),
        "strict-stray-quotes": (COMMA, 4, b'a,b\n1,x"y\n"ab"cd,2\n"ok",3\n"never closed,4\n5,6\n'),
        "unterminated-lenient": (PIPE | LENIENT, 0, b'a|b\n1|"x\ny\n'),
        "tab-quoted": (TAB, 6, b'a\tb\n"1\t2"\t3\n\t\n'),
        "pipe": (PIPE, 0, b'a|b|c\n1|2|3\n4||\n'),
        "field-counts": (COMMA, 0, b'a,b,c\n1,2\n1,2,3,4\n1,2,3\n,\n'),
        "sniff-ambiguous": (SNIFF, 0, b'a;b,c\n1;2,3\n4;5,6;7\n"x;y",z;w\n'),
        "quote-at-chunk-edge": (COMMA, 0, b'abcdefghijklm,"' + b'q' * 13 + b'""' + b'r' * 12 + b'"\r\n' + b'1,2\r\n'),
        "crlf-at-chunk-edge": (COMMA, 1, b'abcdefghijklmn,o\r\n' + b'p' * 16 + b',q\r\n'),
    }
    return {name: bytes([flags, chunk]) + data for name, (flags, chunk, data) in seeds.items()}


# importers byte 0: bits 0-1 kind (0 billing, 1 survey, 2 contacts, 3 wallet), bit 2 prepend
# the canonical header, bits 3-4 date order (0 inferred, 1 dmy, 2 mdy), bit 5 Excel dates,
# bit 6 decimal comma, bit 7 lenient. Byte 1: bits 0-2 delimiter (0-3, 4 sniff), bits 3-4
# encoding, bits 5-6 parts - 2.
BILLING, SURVEY, CONTACTS, WALLET = 0, 1, 2, 3
HEADER, DMY, MDY, EXCEL, DECIMAL_COMMA, LENIENT_I = 4, 8, 16, 32, 64, 128


def sample(name, lines):
    path = os.path.join(REPO, "SampleData", name)
    with open(path, "rb") as f:
        data = f.read()
    # Whole records: cut at line feeds outside quotes.
    out, count, quoted = bytearray(), 0, False
    for byte in data:
        out.append(byte)
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x0A and not quoted:
            count += 1
            if count == lines:
                break
    return bytes(out)


def importers():
    seeds = {
        "billing-sample": (BILLING, 0, sample("billing.csv", 10)),
        "billing-parts": (BILLING, 0x60, sample("billing.csv", 24)),
        "billing-crlf-quoted": (BILLING, 0x20, b'"Client ID","Invoice Date","Net Amount","Partner"\r\n"C1","2024-03-05","1,234.50","A. Smith"\r\n"C2","2024-03-06","(12.00)",""\r\n"C1","2024-04-01","$5","A. Smith"\r\n'),
        "billing-decimal-comma": (BILLING | DECIMAL_COMMA | DMY, 1, b'sep=;\r\nclient;date;amount;cost\r\nC1;05.03.2024;1.234,50;1 000,00\r\nC2;13/03/2024;\xe2\x82\xac 12,5;\r\nC3;2024-03-05;-7,00;x\r\n'),
        "billing-excel-dates": (BILLING | EXCEL, 0, b'account,posting date,fees\nC1,45356,100\nC2,45356.5,200.00-\nC3,3000000,1\n'),
        "billing-ambiguous-dates": (BILLING, 0, b'client_id,invoice_date,amount\nC1,05/03/2024,1\nC2,13/03/2024,2\nC3,05/04/2024,3\nC4,03/13/2024,4\n'),
        "billing-overflow": (BILLING, 0x20, b'client_id,invoice_date,amount\nC1,2024-01-01,92233720368547758.07\nC1,2024-01-02,92233720368547758.07\nC2,2024-01-03,-92233720368547758.08\n'),
        "billing-header-prepended": (BILLING | HEADER, 0, b'C1,2024-03-05,10,Acme,Tax,P1,5,10,12,EUR\nC2,2024-03-05,10,,,,,,,\n,2024-03-05,1,,,,,,,\nC3,,1,,,,,,,\n'),
        "billing-latin1": (BILLING, 0x08, b'client_id,invoice_date,amount,partner\nM\xfcller,2024-03-05,\xa31\xa0234.50,J\xf6rg\n'),
        "billing-missing-column": (BILLING, 0, b'client_id,amount\nC1,1\n'),
        "billing-unicode-ids": (BILLING, 0x20, 'client_id,invoice_date,amount,partner\n\u00e9,2024-01-01,1,\u00c5\n'
                                '\u0065\u0301,2024-02-01,2,\u0041\u030a\n\u00e9,2024-03-01,3,P\n'.encode()),
        "billing-overflow-column": (BILLING, 0x20, b'invoice_id,client_id,client_name,invoice_date,amount\nI1,C1,A,2024-01-01,92233720368547758.07\nI2,C1,A,2024-01-02,1\n'),
        "billing-none-partner": (BILLING, 0x20, b'client_id,invoice_date,amount,partner,practice_area\nC1,2024-01-01,1,(none),Tax\nC1,2024-01-02,2,,(none)\nC2,2024-01-03,4,P,\n'),
        "survey-sample": (SURVEY, 0, sample("surveys.csv", 10)),
        "survey-parts": (SURVEY, 0x40, sample("surveys.csv", 20)),
        "survey-scores": (SURVEY, 0, b'client,date,nps,comment\nC1,2024-03-05,9.0,"multi\nline ""quoted"""\nC2,2024-03-05,11,\nC3,2024-03-05,10.00,ok\nC4,2024-03-05,9,5,x\n'),
        "survey-header-prepended": (SURVEY | HEADER | MDY, 2, b'C1\t03/05/2024\t7\tR\tfine\tW\tP\n'),
        "contacts-sample": (CONTACTS, 0, sample("contacts.csv", 10)),
        "contacts-parts": (CONTACTS, 0x60, sample("contacts.csv", 30)),
        "contacts-bad-duration": (CONTACTS, 0, b'client_id,contact_date,channel,partner,duration_minutes\nC1,2024-01-01,call,P,x\nC1,2024-01-02,call,P,10\n'),
        "contacts-unicode": (CONTACTS, 0x20, 'client_id,contact_date,channel,partner\n\u00e9,2024-01-01,call,\u00c5\n'
                             '\u0065\u0301,2024-01-02,call,\u0041\u030a\nC,2024-01-03,,\n'.encode()),
        "wallet-sample": (WALLET, 0, sample("wallet.csv", 15)),
        "wallet-edge": (WALLET, 0, b'client_id,year,wallet_estimate,reported_share,rank,providers\nC1,2024,,35%,2,1\nC2,2024,,,1,1\nC3,2024.0,1e3,0.35,0,3\nC4,-2024,5,,1,0\n'),
    }
    return {name: bytes([a, b]) + data for name, (a, b, data) in seeds.items()}


def field_parsers():
    fields = [
        "2024-03-05", "2024/3/5", "2024.03.05", "20240305", "2024-03-05T14:30", "2024-03-05 14:30:00",
        "2024-03-05T14:30:00.123Z", "2024-03-05T23:30:00-05:00", "2024-03-05T14:30:00+0100", "2024-03-05 14:30 UTC+1",
        "05/03/2024", "13/03/2024", "03/13/2024", "05/05/2024", "5.3.2024", "05-03-2024 2:30 PM", "05/03/24",
        "5 Mar 2024", "05-Mar-2024", "5 March, 2024", "Mar 5, 2024", "Sept 30 2024", "February 29 2023",
        "45356", "45356.5", "2958465", "0", "29/02/2024", "31/04/2024", "0000-01-01", "9999-12-31",
        "1,234.50", "(1,234.50)", "\u20ac 1.234,50", "1 234,50", "1\u00a0234.50", "1\u202f234.50", "1'234.50",
        "USD 12", "US$5", "1234.50-", "\u221212", "+3", "-0.05", ".5", "12.", "1.500", "12,34", "($5)",
        "92233720368547758.07", "-92233720368547758.08", "92233720368547758.08", "99999999999999999999",
        "9", "09", "9.0", "10.00", "9,0", "11", "-1", "9.5", "N/A", "ten",
        "35%", "0.35", "35", "12.0", "-12", "+7", "1.0.0",
        "=HYPERLINK(\"x\")", "@SUM(A1)", "\tx", "-12.5", "+3", "-x", "",
    ]
    seeds = {"field-%02d" % i: f.encode() for i, f in enumerate(fields)}
    seeds["invalid-utf8"] = b'\xe9 12,50 \xc3'
    seeds["latin1-nbsp"] = b'\xa31\xa0234.50'
    seeds["cp1252-euro"] = b'\x80 12'
    seeds["surrogate"] = b'\xed\xa0\x80'
    seeds["overlong"] = b'\xc0\xaf\xe0\x80\xaf'
    seeds["four-byte"] = '\U0001F600 2024-03-05'.encode()
    return seeds


# writer-round-trip byte 0: bits 0-1 delimiter, bit 2 CRLF, bit 3 no neutralising, bit 4
# field by field, bits 5-7 chunk size. Rows split by 0x1E, fields by 0x1F.
def table(rows):
    return b'\x1e'.join(b'\x1f'.join(f.encode() if isinstance(f, str) else f for f in row) for row in rows)


def writer_round_trip():
    seeds = {
        "readme-example": (0, [["name", "note"], ["Smith, Jones & Co", '=HYPERLINK("x")']]),
        "formulas": (1, [["a", "b", "c"], ["=1+1", "+3", "-12.5"], ["@x", "\tt", "\rr"], ["-", "+.5", "-1."]]),
        "formulas-off": (8, [["a", "b"], ["=1+1", "@x"]]),
        "quotes-newlines": (4, [["id", "text"], ["1", 'He said "hi"\nand left'], ["2", "a\r\nb\rc"], ["3", '"']]),
        "empty-fields": (2, [[""], [""], ["x"]]),
        "empty-fields-2": (0x10, [["a", "b"], ["", ""], ["", "x"]]),
        "delimiters-inside": (3, [["a|b", "c;d", "e,f", "g\th"], ["|", ";", ",", "\t"]]),
        "unicode": (0, [["n\u00e9", "e\u0301", "\u20ac"], [b"\xff\xfe", "\U0001F600", "\u00a0"]]),
        "spaces": (1, [[" a ", "b "], ["  ", "\t"]]),
        "one-column": (0, [["only"], ["1"], [""], ["3"]]),
        "wide": (0, [["c%d" % i for i in range(100)], ["%d" % i for i in range(100)]]),
        "long": (4, [["id", "text"], ["1", "x" * 2000 + '"' + "y" * 500]]),
        "bom-in-field": (0, [["\ufeffid", "x"], ["1", "2"]]),
    }
    return {name: bytes([flags]) + table(rows) for name, (flags, rows) in seeds.items()}


def main():
    for target, seeds in [("csv-reader", csv_reader()), ("importers", importers()),
                          ("field-parsers", field_parsers()), ("writer-round-trip", writer_round_trip())]:
        directory = os.path.join(ROOT, target)
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory)
        total = 0
        for name, data in sorted(seeds.items()):
            with open(os.path.join(directory, name), "wb") as f:
                f.write(data)
            total += len(data)
        print(f"{target}: {len(seeds)} seeds, {total} bytes")


if __name__ == "__main__":
    main()
