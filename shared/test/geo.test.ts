import { describe, it, expect } from 'vitest';
import { distanceMeters } from '../src/domain/geo';

describe('distanceMeters', () => {
  it('is 0 for identical points', () => {
    const p = { latitude: 30.2741, longitude: 120.1551 };
    expect(distanceMeters(p, p)).toBe(0);
  });

  it('measures about 1.1 km between two points in Hangzhou', () => {
    const a = { latitude: 30.25, longitude: 120.15 };
    const b = { latitude: 30.26, longitude: 120.15 };
    expect(distanceMeters(a, b)).toBeCloseTo(1111.95, 1);
  });

  it('is symmetric and handles east-west distances', () => {
    const a = { latitude: 30.2741, longitude: 120.1551 };
    const b = { latitude: 30.2741, longitude: 120.1665 };
    const d = distanceMeters(a, b);
    expect(d).toBeGreaterThan(1090);
    expect(d).toBeLessThan(1100);
    expect(distanceMeters(b, a)).toBeCloseTo(d, 9);
  });
});
