// Catalogue of plausible demo content for a rural intercommunality; every item is marked as demo.
export const firstNames = ['Camille', 'Lucas', 'Léa', 'Hugo', 'Chloé', 'Louis', 'Manon', 'Jules', 'Inès', 'Gabriel', 'Jade', 'Arthur',
  'Louise', 'Raphaël', 'Emma', 'Nathan', 'Alice', 'Théo', 'Lina', 'Paul', 'Zoé', 'Noé', 'Rose', 'Martin', 'Agathe', 'Simone',
  'Bernard', 'Odile', 'Yves', 'Mireille'];
export const lastNames = ['Martin', 'Bernard', 'Roux', 'Faure', 'Blanc', 'Guérin', 'Chabert', 'Reynaud', 'Arnaud', 'Bonnet',
  'Girard', 'Morel', 'Fournier', 'Mercier', 'Brun', 'Chauvin', 'Vial', 'Jullien', 'Garnier', 'Rey'];

export const organizations: { name: string; kind: 'association' | 'business' | 'group' | 'public_body'; tags: string[]; short: string }[] = [
  { name: 'La Ressourcerie du Jabron', kind: 'association', tags: ['réemploi', 'zéro déchet'], short: 'Collecte, répare et revend objets et meubles.' },
  { name: 'Amicale des Potiers', kind: 'association', tags: ['céramique', 'artisanat'], short: 'Les potiers du pays de Dieulefit partagent fours et savoir-faire.' },
  { name: 'Les Jardins Partagés de Bourdeaux', kind: 'association', tags: ['jardin', 'alimentation'], short: 'Un potager collectif ouvert à tous au bord du Roubion.' },
  { name: 'Comité des Fêtes de Vesc', kind: 'association', tags: ['fête', 'village'], short: 'Bals, vogue et repas de village.' },
  { name: 'Ciné-Club du Poët-Laval', kind: 'association', tags: ['cinéma', 'culture'], short: 'Une séance par mois, suivie d’une discussion.' },
  { name: 'Randonneurs de la Vallée du Jabron', kind: 'association', tags: ['randonnée', 'nature'], short: 'Sorties chaque dimanche, tous niveaux.' },
  { name: 'Épicerie Paysanne de Dieulefit', kind: 'business', tags: ['circuit court', 'alimentation'], short: 'Produits de fermes à moins de 30 km.' },
  { name: 'Atelier Vélo Solidaire', kind: 'business', tags: ['vélo', 'réparation'], short: 'Réparation et vente de vélos d’occasion.' },
  { name: 'Boulangerie du Lavoir', kind: 'business', tags: ['pain', 'bio'], short: 'Pain au levain cuit au feu de bois.' },
  { name: 'Collectif Tiers-Lieu La Fabrique', kind: 'group', tags: ['tiers-lieu', 'numérique'], short: 'Un lieu partagé : coworking, atelier, café associatif.' },
  { name: 'Groupe Entraide Covoiturage', kind: 'group', tags: ['mobilité', 'entraide'], short: 'Trajets partagés vers Montélimar et Crest.' },
  { name: 'Parents d’élèves du Pays de Bourdeaux', kind: 'group', tags: ['école', 'famille'], short: 'Les familles des écoles du plateau.' },
  { name: 'Mairie de Dieulefit', kind: 'public_body', tags: ['mairie', 'services publics'], short: 'Accueil, état civil, urbanisme.' },
  { name: 'Communauté de communes Dieulefit-Bourdeaux', kind: 'public_body', tags: ['intercommunalité'], short: 'Déchets, tourisme, petite enfance et économie locale.' },
  { name: 'Médiathèque intercommunale', kind: 'public_body', tags: ['lecture', 'culture'], short: 'Livres, jeux et ateliers numériques.' },
];

export const projects: { name: string; stage: 'idea' | 'concept' | 'started' | 'development' | 'testing' | 'mature'; tags: string[]; short: string }[] = [
  { name: 'Four à pain collectif', stage: 'started', tags: ['pain', 'village'], short: 'Remettre en service le four communal.' },
  { name: 'Grainothèque', stage: 'mature', tags: ['semences', 'jardin'], short: 'Échanger des graines locales à la médiathèque.' },
  { name: 'Navette solidaire du plateau', stage: 'development', tags: ['mobilité'], short: 'Un minibus partagé pour les villages isolés.' },
  { name: 'Carte des sentiers oubliés', stage: 'concept', tags: ['randonnée', 'patrimoine'], short: 'Recenser et baliser les anciens chemins muletiers.' },
  { name: 'Compost de quartier', stage: 'testing', tags: ['compost', 'zéro déchet'], short: 'Trois bacs partagés au centre de Dieulefit.' },
  { name: 'Fête de la céramique', stage: 'mature', tags: ['céramique', 'fête'], short: 'Le grand marché des potiers chaque été.' },
  { name: 'Répar’Café mensuel', stage: 'started', tags: ['réparation', 'réemploi'], short: 'On répare ensemble au lieu de jeter.' },
  { name: 'Atlas de la biodiversité communale', stage: 'idea', tags: ['nature', 'sciences participatives'], short: 'Inventaire participatif de la faune et de la flore.' },
  { name: 'Cantine bio et locale', stage: 'development', tags: ['alimentation', 'école'], short: 'Des produits du territoire à la cantine.' },
  { name: 'Radio associative du Jabron', stage: 'concept', tags: ['radio', 'culture'], short: 'Une radio locale faite par les habitants.' },
];

// `rrule`: a recurring event (app/agenda/); its first date is moved to the first day the rule gives.
export const events: { name: string; kind: string; tags: string[]; short: string; dayOffset: number; hour: number; hours: number; allDay?: boolean; rrule?: string }[] = [
  { name: 'Marché paysan du vendredi', kind: 'market', tags: ['marché', 'circuit court'], short: 'Producteurs du pays, place du Champ de Mars.', dayOffset: 2, hour: 8, hours: 5 },
  { name: 'Répar’Café de décembre', kind: 'workshop', tags: ['réparation'], short: 'Apportez vos objets en panne.', dayOffset: 5, hour: 14, hours: 3 },
  { name: 'Soirée ciné-débat : le monde paysan', kind: 'film', tags: ['cinéma'], short: 'Projection suivie d’un débat.', dayOffset: 9, hour: 20, hours: 2 },
  { name: 'Bal folk de Vesc', kind: 'concert', tags: ['musique', 'fête'], short: 'Bal trad avec les musiciens du coin.', dayOffset: 16, hour: 21, hours: 4 },
  { name: 'Assemblée générale de la Ressourcerie', kind: 'meeting', tags: ['association'], short: 'Bilan de l’année et élection du bureau.', dayOffset: 12, hour: 18, hours: 2 },
  { name: 'Atelier greffe des fruitiers', kind: 'workshop', tags: ['jardin'], short: 'Apprendre à greffer pommiers et poiriers.', dayOffset: 40, hour: 10, hours: 3 },
  { name: 'Randonnée des crêtes de Couspeau', kind: 'getTogether', tags: ['randonnée'], short: '15 km, dénivelé 600 m, pique-nique tiré du sac.', dayOffset: 7, hour: 9, hours: 7 },
  { name: 'Conférence : l’eau dans la vallée', kind: 'conference', tags: ['eau', 'nature'], short: 'Sécheresses et partage de l’eau.', dayOffset: 21, hour: 18, hours: 2 },
  { name: 'Marché de Noël des potiers', kind: 'market', tags: ['céramique', 'noël'], short: 'Céramiques et cadeaux faits main.', dayOffset: 24, hour: 10, hours: 8, allDay: true },
  { name: 'Cours d’informatique pour tous', kind: 'course', tags: ['numérique'], short: 'Débuter avec un ordinateur ou un téléphone, chaque mardi.', dayOffset: 3, hour: 14, hours: 2, rrule: 'FREQ=WEEKLY;BYDAY=TU' },
  { name: 'Fête de la céramique (édition passée)', kind: 'festival', tags: ['céramique', 'fête'], short: 'Le grand marché des potiers.', dayOffset: -120, hour: 9, hours: 10, allDay: true },
  { name: 'Vogue de Bourdeaux', kind: 'festival', tags: ['fête', 'village'], short: 'Manèges, concours de boules et bal.', dayOffset: -95, hour: 14, hours: 10 },
  { name: 'Troc de graines de printemps', kind: 'stand', tags: ['semences'], short: 'Échange de graines et de plants.', dayOffset: -240, hour: 10, hours: 4 },
  { name: 'Concours de pétanque intervillages', kind: 'competition', tags: ['sport'], short: 'Doublettes, inscriptions sur place.', dayOffset: -60, hour: 14, hours: 5 },
  { name: 'Exposition : terres du Jabron', kind: 'exhibition', tags: ['céramique', 'art'], short: 'Cinquante ans de poterie locale.', dayOffset: -30, hour: 10, hours: 8 },
  { name: 'Débat : quel tiers-lieu pour le plateau ?', kind: 'debate', tags: ['tiers-lieu'], short: 'Construisons le projet ensemble.', dayOffset: -14, hour: 19, hours: 2 },
  { name: 'Réunion publique : navette solidaire', kind: 'meeting', tags: ['mobilité'], short: 'Présentation du projet et inscriptions.', dayOffset: -7, hour: 18, hours: 2 },
  { name: 'Chantier participatif au four à pain', kind: 'workshop', tags: ['pain', 'chantier'], short: 'Maçonnerie et convivialité, le premier samedi du mois.', dayOffset: 30, hour: 9, hours: 8, rrule: 'FREQ=MONTHLY;BYDAY=1SA' },
  { name: 'Lecture contée à la médiathèque', kind: 'other', tags: ['lecture', 'enfants'], short: 'Histoires pour les 3–8 ans.', dayOffset: 11, hour: 16, hours: 1 },
  { name: 'Concert de la chorale du pays', kind: 'concert', tags: ['musique'], short: 'Chants du monde à l’église.', dayOffset: -200, hour: 18, hours: 2 },
];

export const pois: { name: string; kind: string; tags: string[]; short: string }[] = [
  { name: 'Point de compost du Champ de Mars', kind: 'compostPickup', tags: ['compost'], short: 'Bacs de compost partagés.' },
  { name: 'Boîte à livres de la place', kind: 'sharedLibrary', tags: ['lecture'], short: 'Prenez un livre, laissez un livre.' },
  { name: 'Boîte à livres du lavoir', kind: 'sharedLibrary', tags: ['lecture'], short: 'Dans l’ancien lavoir.' },
  { name: 'Déchetterie intercommunale', kind: 'recoveryCenter', tags: ['déchets'], short: 'Ouverte du lundi au samedi.' },
  { name: 'Fresque des potiers', kind: 'streetArts', tags: ['art'], short: 'Une fresque de 20 mètres sur le mur de l’école.' },
  { name: 'Château de Béconne', kind: 'history', tags: ['patrimoine'], short: 'Ruines médiévales dominant la vallée.' },
  { name: 'Vieux village du Poët-Laval', kind: 'history', tags: ['patrimoine'], short: 'Village perché des Hospitaliers.' },
  { name: 'Belvédère de la Lance', kind: 'something2See', tags: ['nature', 'panorama'], short: 'Vue sur les Préalpes et le Ventoux.' },
  { name: 'Sculpture « La Terre »', kind: 'artPiece', tags: ['art', 'céramique'], short: 'Œuvre monumentale en grès.' },
  { name: 'Scène ouverte du jardin public', kind: 'openScene', tags: ['musique'], short: 'Libre accès les soirs d’été.' },
  { name: 'Parking de covoiturage du Pont', kind: 'parking', tags: ['mobilité'], short: 'Aire de covoiturage balisée.' },
  { name: 'Parking des randonneurs de Vesc', kind: 'parking', tags: ['randonnée'], short: 'Départ des sentiers.' },
  { name: 'Salle des fêtes de Bourdeaux', kind: 'place', tags: ['salle'], short: 'Capacité 150 personnes.' },
  { name: 'Tiers-lieu La Fabrique', kind: 'place', tags: ['tiers-lieu'], short: 'Coworking, atelier et café associatif.' },
  { name: 'Lavoir de Comps', kind: 'history', tags: ['patrimoine', 'eau'], short: 'Lavoir restauré du XIXᵉ siècle.' },
  { name: 'Conteneurs de tri de Montjoux', kind: 'trash', tags: ['déchets'], short: 'Verre, papier, emballages.' },
  { name: 'Stand de l’épicerie au marché', kind: 'stand', tags: ['marché'], short: 'Chaque vendredi matin.' },
  { name: 'Cascade de Rochebaudin', kind: 'something2See', tags: ['nature', 'eau'], short: 'Baignade non surveillée.' },
  { name: 'Moulin de Pont-de-Barret', kind: 'history', tags: ['patrimoine'], short: 'Ancien moulin à huile.' },
  { name: 'Jardin des simples', kind: 'other', tags: ['jardin', 'plantes'], short: 'Plantes médicinales et aromatiques.' },
];
