export { PriceBook, type Cost, type PricedDeployment, type ResolvedPrices } from './price-book.ts';
export { NANO_PER_USD, nanoToUsdString, usdToNano, type NanoUsd } from './money.ts';
export { PRICE_TABLE_PROVIDER } from './provider-ids.ts';
