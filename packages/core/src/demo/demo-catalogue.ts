/**
 * The reference data of the demo administration (Senegal): its offices, goods typical of
 * Senegal's imports with plausible unit values and origins, the carriers, ships and ports that
 * serve Dakar, and the pieces of names. Data only: demo-administration.ts draws from it.
 * Companies, ships and people are invented; codes follow the real standards.
 */
import type { TransportMode } from '../declaration/goods-declaration.ts';

export type DemoMode = Extract<TransportMode, 'sea' | 'air' | 'road'>;

export interface DemoOffice {
  readonly code: string;
  readonly name: string;
  readonly kind: 'port' | 'airport' | 'land_border';
  readonly country: 'SN';
}

/** One office per mode: the port of Dakar, Blaise Diagne airport (AIBD) and Kidira on the Mali border. */
export const demoOffices: Readonly<Record<DemoMode, DemoOffice>> = {
  sea: { code: 'SNDKR1', name: 'Bureau du Port autonome de Dakar', kind: 'port', country: 'SN' },
  air: {
    code: 'SNDSS1',
    name: 'Bureau de l’Aéroport international Blaise Diagne',
    kind: 'airport',
    country: 'SN',
  },
  road: { code: 'SNKGH1', name: 'Bureau frontière de Kidira (Mali)', kind: 'land_border', country: 'SN' },
};

export interface DemoProduct {
  readonly hs6: string;
  /** Goods description as a broker writes it, in French. */
  readonly description: string;
  /** Median customs value (CIF) per kilogram, in euros. */
  readonly eurPerKg: number;
  /** Median net mass of one declaration item by sea, in kilograms. */
  readonly kg: number;
  /** UN/ECE Recommendation 21 package code, and the net mass of one package. */
  readonly packageKind: string;
  readonly kgPerPackage: number;
  /** Modes that carry it: s(ea), a(ir), r(oad). */
  readonly modes: string;
  readonly weight: number;
  readonly origins: readonly (readonly [string, number])[];
  /** Supplementary unit of the tariff line (U: units, L: litres) and the kilograms per unit. */
  readonly unit?: { readonly code: string; readonly kgPerUnit: number };
}

// hs6 | description | EUR/kg | kg | package | kg/package | modes | weight | origins | unit
const productTable = `
100640|Brisures de riz parfumé|0.38|25000|BG|50|s|12|IN5 TH3 VN2 PK1 BR1|-
100630|Riz semi-blanchi ou blanchi|0.48|25000|BG|50|s|7|TH4 IN3 VN2 US1|-
110100|Farine de froment|0.42|25000|BG|50|s|3|FR3 TR3 ES1 MA1|-
040221|Lait en poudre entier|3.2|12000|BG|25|s|4|FR3 NL2 BE2 IE1 NZ1|-
090210|Thé vert en emballages de 3 kg ou moins|3.1|15000|CT|20|s|4|CN1|-
151190|Huile de palme raffinée|0.95|22000|DR|190|s|5|MY3 ID3 CI1|-
151219|Huile de tournesol raffinée en bouteilles|1.15|20000|CT|18|s|3|UA2 TR2 AR1 ES1|L:0.92
170199|Sucre blanc cristallisé|0.52|25000|BG|50|s|6|BR5 FR1 IN1|-
200290|Concentré de tomate|1.05|22000|CT|20|s|4|CN4 IT2 TR1|-
210410|Préparations pour bouillons en cubes|2.6|15000|CT|12|sr|4|CI2 NG1 ES1 FR1 NL1|-
190531|Biscuits sucrés|2.3|9000|CT|10|sr|2|CI2 TR2 ES1 FR1 MA1|-
180690|Chocolat et préparations au cacao|5.5|5000|CT|10|sr|1|CI3 FR1 BE1|-
240220|Cigarettes contenant du tabac|22|5000|CT|10|s|1|AE2 NL1 FR1|-
271012|Essence sans plomb|0.68|8000000|VL|8000000|s|2|NL2 IN1 AE1 ES1 NG1|L:0.74
271019|Gasoil|0.62|10000000|VL|10000000|s|3|NL2 IN2 AE1 ES1 TR1|L:0.84
310520|Engrais NPK|0.42|25000|BG|50|s|2|MA3 RU1 NO1|-
300490|Médicaments conditionnés pour la vente au détail|28|1500|CT|8|sa|5|FR4 IN4 BE1 MA1 CH1 DE1|-
300241|Vaccins pour la médecine humaine|450|150|CT|5|a|1|FR2 BE2 IN2 US1|-
330510|Shampooings|2.4|8000|CT|12|s|2|FR1 TR1 CN1 NG1|-
340111|Savons de toilette|1.6|15000|CT|20|sr|2|CI2 TR1 CN1 FR1|-
390110|Polyéthylène en granulés|1.15|24750|BG|25|s|3|SA2 AE1 BE1 KR1|-
392321|Sacs et sachets en polyéthylène|1.9|12000|BL|40|s|2|CN3 TR1 IN1|-
392410|Vaisselle en matières plastiques|2.6|6000|CT|10|s|1|CN3 TR1|-
401110|Pneumatiques neufs pour voitures|3.1|9000|PK|9|s|3|CN4 TH2 JP1 FR1|U:9
520852|Tissus de coton imprimés (wax)|8.5|6000|BL|60|sr|4|CN4 NL1 CI1 IN1|-
611020|Chandails et pull-overs en coton|11|2500|CT|15|sa|1|CN3 TR2 BD2 IN1|-
630900|Articles de friperie|0.7|24000|BL|55|s|5|BE2 NL1 US1 GB1 DE1|-
640299|Chaussures à semelles en caoutchouc|6.5|7000|CT|12|sa|3|CN4 VN1 TR1|-
690721|Carreaux céramiques|0.38|26000|PX|1200|s|3|ES3 CN3 IN2 TR1|-
691110|Vaisselle en porcelaine|2.1|8000|CT|15|s|1|CN3 TR1|-
721420|Barres pour béton armé|0.63|25000|BE|2000|s|4|TR4 UA1 ES1 CN1|-
721049|Tôles galvanisées|0.92|24000|BE|2000|s|2|CN3 TR1 IN1|-
730890|Constructions métalliques|1.9|15000|PK|500|s|1|CN2 TR1 FR1 IT1|-
732111|Cuisinières à gaz|4.2|5000|CT|35|s|1|CN2 TR2 IT1|U:35
841510|Climatiseurs muraux (split)|5.2|5000|CT|40|s|2|CN4 TH1 TR1|U:40
841810|Réfrigérateurs-congélateurs|3.2|6000|CT|55|s|2|CN3 TR2 TH1|U:55
842952|Pelles mécaniques sur chenilles|8.5|22000|NE|22000|s|1|CN2 JP1 DE1 FR1 US1|U:22000
847130|Ordinateurs portables|120|600|CT|10|sa|2|CN5 AE1 FR1|U:2.2
850440|Onduleurs et convertisseurs statiques|16|2000|CT|20|sa|1|CN3 DE1 FR1|-
850710|Accumulateurs au plomb|2.6|15000|PX|900|s|1|CN2 KR1 ES1 MA1|-
851713|Téléphones intelligents|380|150|CT|10|a|3|CN4 AE2 VN1 IN1|U:0.2
852872|Téléviseurs|8.2|6000|CT|15|s|2|CN4 TR1 KR1|U:12
854143|Panneaux solaires photovoltaïques|4.8|18000|PX|600|s|2|CN5 IN1|U:22
870322|Voitures de tourisme de 1000 à 1500 cm³, d’occasion|5|1150|VN|1150|s|3|BE3 FR2 DE1 JP1|U:1150
870323|Voitures de tourisme de 1500 à 3000 cm³, d’occasion|5.5|1450|VN|1450|s|5|BE3 DE2 US2 FR2 JP1 KR1|U:1450
870421|Camionnettes diesel de 5 t ou moins|4.6|2000|VN|2000|s|2|BE2 JP2 FR1 DE1|U:2000
870899|Pièces détachées pour véhicules|4.2|4000|PK|50|sa|3|FR2 DE2 BE1 CN2 JP1 AE1|-
871120|Motocyclettes de 50 à 250 cm³|3.6|6000|CR|110|s|3|CN4 IN2|U:110
940360|Meubles en bois|2.6|8000|PK|40|s|1|CN2 TR2 IT1 MY1|-
010229|Bovins vivants|2|9000|NE|300|r|2|ML1|U:300
010410|Ovins vivants|3.5|4000|NE|40|r|3|ML4 MR1|U:40
080450|Mangues fraîches|0.55|15000|CT|10|r|1|ML3 CI1|-
520100|Coton non cardé ni peigné|1.6|20000|BL|220|r|1|ML2 BF1|-
`;

/** Parses "CN9 FR8" (a code then its weight) into weighted entries. */
function parseWeights(text: string): (readonly [string, number])[] {
  return text.split(' ').map((entry) => {
    const [, code = '', weight = ''] = /^([A-Z]+)(\d+)$/.exec(entry) ?? [];
    return [code, Number(weight)] as const;
  });
}

function parseProduct(line: string): DemoProduct {
  const [hs6 = '', description = '', eur = '', kg = '', kind = '', perPackage = '', modes = '', weight = ''] =
    line.split('|');
  const [origins = '', unit = '-'] = line.split('|').slice(8);
  const [unitCode = '', kgPerUnit = ''] = unit.split(':');
  return {
    hs6,
    description,
    eurPerKg: Number(eur),
    kg: Number(kg),
    packageKind: kind,
    kgPerPackage: Number(perPackage),
    modes,
    weight: Number(weight),
    origins: parseWeights(origins),
    ...(unit === '-' ? {} : { unit: { code: unitCode, kgPerUnit: Number(kgPerUnit) } }),
  };
}

/** Goods Senegal typically imports: rice, oils, sugar, fuel, medicines, textiles, steel, machines, vehicles. */
export const demoProducts: readonly DemoProduct[] = productTable.trim().split('\n').map(parseProduct);

/** Countries of origin for goods outside the table above, by share of Senegal's imports. */
export const demoOrigins = parseWeights(
  'CN9 FR8 IN6 TR5 ES4 NL4 TH3 BR3 US3 AE3 BE3 DE3 IT3 JP2 MA2 CI2 GB1 KR1 NG1 RU1',
);

/** Countries a truck entering at Kidira brings goods from (Mali and the coast beyond it). */
export const roadOrigins = new Set(['ML', 'CI', 'BF', 'GN', 'GH', 'NG', 'NE', 'MR', 'TG', 'BJ']);

export interface ShippingLine {
  readonly code: string;
  readonly name: string;
  readonly blPrefix: string;
  readonly containerOwners: readonly string[];
  readonly vessels: readonly string[];
  readonly weight: number;
  /** Tankers carry bulk fuel only. */
  readonly tanker: boolean;
}

const line = (
  code: string,
  name: string,
  owners: string,
  vessels: string,
  weight: number,
  tanker = false,
) => ({
  code,
  name,
  blPrefix: code,
  containerOwners: owners ? owners.split(' ') : [],
  vessels: vessels.split(','),
  weight,
  tanker,
});

export const shippingLines: readonly ShippingLine[] = [
  line(
    'MEDU',
    'Mediterranean Shipping Company',
    'MSCU MEDU',
    'MSC TERANGA,MSC GOREE,MSC ALMADIES,MSC SALY',
    9,
  ),
  line('MAEU', 'Maersk A/S', 'MSKU MRKU', 'MAERSK CASAMANCE,MAERSK SALOUM,MAERSK LOMPOUL', 7),
  line('CMDU', 'CMA CGM', 'CMAU ECMU', 'CMA CGM SINE,CMA CGM NIOKOLO,CMA CGM PODOR', 7),
  line('HLCU', 'Hapag-Lloyd', 'HLXU HLBU', 'BAOBAB EXPRESS,SAHEL EXPRESS', 3),
  line('COSU', 'COSCO Shipping Lines', 'CSNU CBHU', 'COSCO THIES,COSCO LOUGA', 3),
  line('GRIM', 'Grimaldi Lines', 'GCNU', 'GRANDE NIAYES,GRANDE FOUTA', 2),
  line('STKR', 'Sahel Tankers Shipping', '', 'MT NDAR,MT SINE SALOUM,MT DIOURBEL', 1, true),
];

export const seaPorts = parseWeights(
  'CNSHA10 CNNGB6 ESALG10 MAPTM8 FRLEH8 NLRTM6 BEANR8 TRIST5 INNSA6 AEJEA5 CIABJ4 THLCH3 BRSSZ3 ITGOA3 DEHAM3',
);
export const tankerPorts = ['NLRTM', 'ESALG', 'AEFJR', 'NGLOS', 'INSIK'] as const;

export interface Airline {
  readonly code: string;
  readonly name: string;
  /** IATA airline prefix of its air waybills. */
  readonly awbPrefix: string;
  readonly airport: string;
  readonly weight: number;
}

export const airlines: readonly Airline[] = [
  { code: 'AF', name: 'Air France', awbPrefix: '057', airport: 'FRCDG', weight: 5 },
  { code: 'TK', name: 'Turkish Airlines', awbPrefix: '235', airport: 'TRIST', weight: 3 },
  { code: 'EK', name: 'Emirates SkyCargo', awbPrefix: '176', airport: 'AEDXB', weight: 2 },
  { code: 'AT', name: 'Royal Air Maroc', awbPrefix: '147', airport: 'MACMN', weight: 2 },
  { code: 'ET', name: 'Ethiopian Airlines', awbPrefix: '071', airport: 'ETADD', weight: 2 },
  { code: 'SN', name: 'Brussels Airlines', awbPrefix: '082', airport: 'BEBRU', weight: 2 },
];

export const hauliers = [
  'Transports Koné et Frères',
  'Sahel Routier SARL',
  'Diarra Transit Logistique',
  'Trans-Kayes SA',
  'Compagnie Malienne de Transport Routier',
  'Traoré Transports',
] as const;
export const roadPorts = parseWeights('MLBKO6 MLKYS3 BFOUA1');

/** Family names and Senegalese towns and markets, for importers' and brokers' trade names. */
export const surnames = (
  'Diop Ndiaye Fall Sow Ba Sy Mbaye Gueye Faye Cissé Diallo Sarr Thiam Seck Kane Niang Dieng Ndao ' +
  'Camara Touré Lo Wade Diouf Mboup Sène Badji Sall Ly'
).split(' ');
export const places = (
  'Touba,Thiès,Kaolack,Sandaga,Médina,Pikine,Rufisque,Ziguinchor,Diourbel,Saint-Louis,Mbour,' +
  'Tambacounda,Colobane,Keur Massar'
).split(',');
export const importerForms = [
  'Établissements {s} et Fils',
  '{s} Import-Export SARL',
  'Comptoir Commercial {s}',
  'Société {s} Négoce SA',
  '{p} Distribution SARL',
  'Groupe {s} & {t}',
  '{p} Trading SUARL',
  'Quincaillerie {s}',
];
export const declarantForms = [
  'Transit {s} & Cie',
  '{s} Transit SARL',
  'Agence en Douane {s}',
  '{p} Logistique Transit',
  'Cabinet {s} Dédouanement',
];
export const fuelImporters = [
  'Petro Teranga SA',
  'Sahel Énergie Distribution',
  'Dakar Hydrocarbures SA',
  'Cap-Vert Pétrole',
  'Atlantique Fuel Services',
  'Ndar Énergie SA',
];

/** Per country of the seller: towns, trade names, company suffix. */
export const sellerStyles: Readonly<Record<string, readonly [string, string, string]>> = {
  CN: [
    'Guangzhou Yiwu Ningbo Shenzhen Shanghai Xiamen',
    'Golden Hengda Sunrise Ocean United',
    'Trading Co., Ltd',
  ],
  IN: ['Mumbai Kakinada Chennai Delhi Ahmedabad', 'Shree Global Royal Sai Prime', 'Exports Pvt Ltd'],
  TH: ['Bangkok Ayutthaya', 'Siam Golden Chao', 'Co., Ltd'],
  VN: ['Hanoi Saigon', 'Mekong Viet Phuoc', 'JSC'],
  TR: ['Istanbul Mersin Izmir Gaziantep', 'Anadolu Ege Yildiz Demir', 'Dış Ticaret A.Ş.'],
  FR: ['Marseille Rouen Lyon Paris Bordeaux', 'Comptoir Atlantique Export Négoce Provence', 'SAS'],
  BE: ['Anvers Bruxelles Liège', 'Euro Flandre Scheldt', 'BV'],
  NL: ['Rotterdam Amsterdam', 'Holland Delta Maas', 'BV'],
  ES: ['Valencia Barcelona Castellón', 'Iberica Levante Mediterránea', 'S.L.'],
  AE: ['Dubai Sharjah', 'Gulf Emirates Falcon', 'General Trading LLC'],
  MA: ['Casablanca Tanger Agadir', 'Atlas Maghreb Chérifienne', 'SARL'],
  CI: ['Abidjan Bouaké San-Pédro', 'Ivoire Lagune Comoé', 'SA'],
  ML: ['Bamako Kayes Sikasso', 'Sahel Niger Mandé', 'SARL'],
};
export const defaultSellerStyle: readonly [string, string, string] = [
  'Overseas',
  'Global International Continental',
  'Trading Ltd',
];

/** Member states of the euro area and of WAEMU (whose franc is the XOF), for the invoice currency. */
export const euroCountries = new Set(['FR', 'ES', 'IT', 'DE', 'BE', 'NL', 'IE', 'PT']);
export const waemuCountries = new Set(['SN', 'CI', 'ML', 'BF', 'NE', 'TG', 'BJ', 'GW']);
