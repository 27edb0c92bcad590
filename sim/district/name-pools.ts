/**
 * Name material for synthetic people and places. Deliberately mixed: accented Latin names,
 * apostrophes, hyphens and non-Latin scripts appear at random as they do in real rosters, on
 * top of the guaranteed cases the generator plants (see generator.ts).
 */

export const FIRST_NAMES: readonly string[] = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'James', 'Isabella', 'Lucas',
  'Mia', 'Mateo', 'Amelia', 'Benjamin', 'Harper', 'Ethan', 'Evelyn', 'Aiden', 'Abigail', 'Daniel',
  'Emily', 'Jackson', 'Ella', 'Sebastian', 'Aria', 'Henry', 'Chloe', 'Owen', 'Grace', 'Samuel',
  'Layla', 'David', 'Nora', 'Joseph', 'Zoey', 'Carter', 'Riley', 'Wyatt', 'Lily', 'John',
  'José', 'Zoë', 'Sofía', 'Valentina', 'Andrés', 'Camila', 'Nicolás', 'Inés', 'Chloé', 'Renée',
  'Aaliyah', 'DeShawn', 'Imani', 'Jamal', 'Keisha', 'Malik', 'Nia', 'Tyrone', 'Aisha', 'Darnell',
  'Wei', 'Mei', 'Hiroshi', 'Yuki', 'Min-jun', 'Seo-yeon', 'Anh', 'Bao', 'Priya', 'Arjun',
  'Fatima', 'Omar', 'Leila', 'Yusuf', 'Olena', 'Dmytro', 'Siobhán', 'Seán', 'Björn', 'Søren',
  'Jean-Luc', 'Mary-Kate', 'Ana-María', 'Kai', 'Ximena', 'Santiago', 'Guadalupe', 'Thảo', 'Nguyễn', 'Ngozi',
];

/** Rare on purpose: a few percent of people, as in a real multilingual district. */
export const NON_LATIN_FIRST_NAMES: readonly string[] = ['Олена', 'محمد', '明', 'Дмитро', 'فاطمة', '美玲', 'יעל', 'Γιώργος'];
export const NON_LATIN_LAST_NAMES: readonly string[] = ['李', 'Коваленко', 'الفارسي', '王', 'Шевченко', '김', 'כהן', 'Παπαδόπουλος'];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  "O'Brien", "O'Connor", "D'Angelo", "O'Neil", 'Smith-Jones', 'García-López', 'Lloyd-Webber', 'Ruiz-Díaz',
  'Núñez', 'Peña', 'Müller', 'Sørensen', 'Böhm', 'Čapek', 'Dvořák', 'Lefèvre', 'Ibáñez', 'Gómez',
  'Chen', 'Wang', 'Kim', 'Park', 'Tanaka', 'Sato', 'Patel', 'Singh', 'Okafor', 'Adeyemi',
  'Haddad', 'Khan', 'Kowalski', 'Novak', 'Ivanova', 'Rossi', 'Van der Berg', 'de la Cruz', 'McDonald', 'MacLeod',
];

export const MIDDLE_NAMES: readonly string[] = ['Marie', 'James', 'Lee', 'Ann', 'Grace', 'Alexander', 'Rose', 'Michael', 'Jean', 'Elizabeth', 'José', 'Renée'];

export const PLACE_NAMES: readonly string[] = [
  'Springfield', 'Riverside', 'Fairview', 'Oak Grove', 'Maple Valley', 'Lincoln', 'Franklin', 'Cedar Hills',
  'Lakeview', 'Washington', 'Pine Ridge', 'Hillcrest', 'Brookside', 'Sunnyvale', 'Jefferson', 'Westwood',
  'Eastlake', 'Northgate', 'Meadowbrook', 'Willow Creek', 'Clearwater', 'Stonebridge', 'Harmony', 'Roosevelt',
];

export const STAFF_TITLES: readonly { title: string; department: string }[] = [
  { title: 'Principal', department: 'Administration' },
  { title: 'Office Manager', department: 'Front Office' },
  { title: 'Counselor', department: 'Student Services' },
  { title: 'Nurse', department: 'Health' },
  { title: 'Librarian', department: 'Library' },
  { title: 'Assistant Principal', department: 'Administration' },
  { title: 'Instructional Aide', department: 'Instruction' },
  { title: 'IT Technician', department: 'Technology' },
];

export const TEACHER_TITLES: readonly string[] = ['Ms.', 'Mr.', 'Mrs.', 'Mx.', 'Dr.'];
