import { describe, it, expect } from 'vitest';
import {
  LEVEL_LABELS,
  ancestorCodes,
  codeRank,
  isParkSegment,
  isValidDivisionCode,
  isWithin,
  jurisdictionLevelOf,
  parentCode,
  subtreePrefix,
  townshipKind,
} from '../src/domain/jurisdiction-code';

const ZHEJIANG = '330000000000'; // 浙江省
const HANGZHOU = '330100000000'; // 杭州市
const XIHU = '330106000000'; // 西湖区
const BEISHAN = '330106001000'; // a 街道 of 西湖区 (structure only)
const SANDUN = '330106109000'; // 三墩镇
const COMMUNITY = '330106001001'; // a community under it
const PARK = '330106400000'; // a township-rank park (类似乡级单位)
const NINGBO = '330200000000'; // 宁波市

describe('isValidDivisionCode', () => {
  it('accepts real codes at every rank', () => {
    for (const code of [ZHEJIANG, HANGZHOU, XIHU, BEISHAN, SANDUN, COMMUNITY, PARK]) {
      expect(isValidDivisionCode(code), code).toBe(true);
    }
  });

  it('rejects wrong length, non-digits and all zeros', () => {
    expect(isValidDivisionCode('330106')).toBe(false);
    expect(isValidDivisionCode('3301060010011')).toBe(false);
    expect(isValidDivisionCode('33010600100A')).toBe(false);
    expect(isValidDivisionCode('000000000000')).toBe(false);
  });

  it('rejects a non-zero segment after a zero segment', () => {
    expect(isValidDivisionCode('330006000000')).toBe(false);
    expect(isValidDivisionCode('330100001000')).toBe(false);
    expect(isValidDivisionCode('330106000001')).toBe(false);
    expect(isValidDivisionCode('003300000000')).toBe(false);
  });
});

describe('codeRank', () => {
  it('reads the rank from the last significant segment', () => {
    expect(codeRank(ZHEJIANG)).toBe('province');
    expect(codeRank(HANGZHOU)).toBe('city');
    expect(codeRank(XIHU)).toBe('county');
    expect(codeRank(BEISHAN)).toBe('township');
    expect(codeRank(PARK)).toBe('township');
    expect(codeRank(COMMUNITY)).toBe('community');
  });

  it('throws on a malformed code', () => {
    expect(() => codeRank('330006000000')).toThrow(RangeError);
  });
});

describe('jurisdictionLevelOf', () => {
  it('DOMAIN §1: parks are township-rank codes with a 4xx–5xx township segment', () => {
    expect(jurisdictionLevelOf(PARK)).toBe('park');
    expect(jurisdictionLevelOf(BEISHAN)).toBe('township');
    expect(jurisdictionLevelOf(COMMUNITY)).toBe('community');
    expect(jurisdictionLevelOf(XIHU)).toBe('county');
  });
});

describe('parentCode and ancestorCodes', () => {
  it('zeroes the last significant segment', () => {
    expect(parentCode(COMMUNITY)).toBe(BEISHAN);
    expect(parentCode(BEISHAN)).toBe(XIHU);
    expect(parentCode(XIHU)).toBe(HANGZHOU);
    expect(parentCode(HANGZHOU)).toBe(ZHEJIANG);
    expect(parentCode(ZHEJIANG)).toBeNull();
    expect(parentCode('bogus')).toBeNull();
  });

  it('lists ancestors root first, excluding the code itself', () => {
    expect(ancestorCodes(COMMUNITY)).toEqual([ZHEJIANG, HANGZHOU, XIHU, BEISHAN]);
    expect(ancestorCodes(XIHU)).toEqual([ZHEJIANG, HANGZHOU]);
    expect(ancestorCodes(ZHEJIANG)).toEqual([]);
  });
});

describe('subtreePrefix and isWithin', () => {
  it('gives the significant prefix for LIKE queries', () => {
    expect(subtreePrefix(ZHEJIANG)).toBe('33');
    expect(subtreePrefix(HANGZHOU)).toBe('3301');
    expect(subtreePrefix(XIHU)).toBe('330106');
    expect(subtreePrefix(BEISHAN)).toBe('330106001');
    expect(subtreePrefix(COMMUNITY)).toBe('330106001001');
  });

  it('DOMAIN §1: everything under a county is a prefix query, the county included', () => {
    expect(isWithin(COMMUNITY, XIHU)).toBe(true);
    expect(isWithin(PARK, XIHU)).toBe(true);
    expect(isWithin(XIHU, XIHU)).toBe(true);
    expect(isWithin(COMMUNITY, ZHEJIANG)).toBe(true);
    expect(isWithin(XIHU, BEISHAN)).toBe(false);
    expect(isWithin(SANDUN, BEISHAN)).toBe(false);
    expect(isWithin(XIHU, NINGBO)).toBe(false);
    expect(isWithin('bogus', XIHU)).toBe(false);
  });
});

describe('townshipKind and isParkSegment', () => {
  it('classifies the township segment by statistical convention', () => {
    expect(townshipKind(BEISHAN)).toBe('subdistrict');
    expect(townshipKind('330106099000')).toBe('subdistrict');
    expect(townshipKind(SANDUN)).toBe('town');
    expect(townshipKind('330106100000')).toBe('town');
    expect(townshipKind('330106200000')).toBe('township');
    expect(townshipKind('330106399000')).toBe('township');
    expect(townshipKind('330106400000')).toBe('park');
    expect(townshipKind('330106599000')).toBe('park');
    expect(townshipKind('330106600000')).toBeNull();
    expect(townshipKind(XIHU)).toBeNull();
  });

  it('a community inherits the kind of its township', () => {
    expect(townshipKind(COMMUNITY)).toBe('subdistrict');
    expect(isParkSegment('330106400001')).toBe(true);
  });

  it('isParkSegment is true only for township segments 400–599', () => {
    expect(isParkSegment(PARK)).toBe(true);
    expect(isParkSegment('330106599000')).toBe(true);
    expect(isParkSegment('330106399000')).toBe(false);
    expect(isParkSegment('330106600000')).toBe(false);
    expect(isParkSegment(XIHU)).toBe(false);
  });
});

describe('LEVEL_LABELS', () => {
  it('labels levels in Chinese', () => {
    expect(LEVEL_LABELS).toEqual({
      province: '省',
      city: '市',
      county: '县(市、区)',
      township: '乡镇(街道)',
      park: '工业园区',
      community: '社区(村)',
    });
  });
});
